import { AdminGetUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cognitoUserDirectory } from '../../shared/adapters/cognito-user-directory';
import { loadActor } from '../../shared/access/context';
import { createDatabase, type Database } from '../../shared/platform/database';
import { ensureTable, localClient } from '../../local/dynamodb';

let db: Database;
beforeAll(async () => {
  const tableName = `crm-signin-${Math.random().toString(36).slice(2, 8)}`;
  await ensureTable(localClient(inject('dynamoEndpoint')), tableName);
  db = createDatabase({ tableName, endpoint: inject('dynamoEndpoint') });
});

// Cognito has no local stand-in: AdminGetUser is mocked, the user record is real (DynamoDB Local).
const cognito = mockClient(CognitoIdentityProviderClient);
const directory = cognitoUserDirectory('pool-1', cognito as unknown as CognitoIdentityProviderClient);
const sub = '3f6c1c8e-2a4b-4c5d-9e8f-0a1b2c3d4e5f';

describe('first sign-in of a Cognito user', () => {
  it('makes the CRM user record from the directory, once, with the profile the token suggests', async () => {
    cognito.reset();
    cognito.on(AdminGetUserCommand).resolves({ Username: sub, UserAttributes: [{ Name: 'email', Value: 'Boss@Example.com' }] });
    const identity = { userId: sub, profileHint: 'administrator' };
    const [a, b] = await Promise.all([loadActor(db, identity, {}, async () => directory), loadActor(db, identity, {}, async () => directory)]);
    expect(a).toMatchObject({ userId: sub, profile: 'administrator', roles: [], groups: [] });
    expect(b.profile).toBe('administrator');
    await loadActor(db, identity, {}, async () => directory);
    expect(cognito.commandCalls(AdminGetUserCommand).length).toBeLessThanOrEqual(2);
    expect(cognito.commandCalls(AdminGetUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: sub });
    const { data } = await db.entities.user.get({ userId: sub }).go();
    expect(data).toMatchObject({ email: 'boss@example.com', name: 'Boss', active: true });
  });

  it('refuses with 401 a subject the directory does not know', async () => {
    cognito.reset();
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'no', $metadata: {} }));
    await expect(loadActor(db, { userId: '9f6c1c8e-2a4b-4c5d-9e8f-0a1b2c3d4e5f', profileHint: 'sales-rep' }, {}, async () => directory)).rejects.toThrow(
      /not known to the CRM/,
    );
  });
});
