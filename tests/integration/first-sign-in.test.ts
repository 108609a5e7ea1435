import { AdminGetUserCommand, CognitoIdentityProviderClient, UserNotFoundException } from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { cognitoUserDirectory } from '../../shared/adapters/cognito-user-directory';
import { getMe } from '../../shared/auth/users';
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
  it('makes the CRM user record from the directory, once, with the profile the token carries', async () => {
    cognito.reset();
    cognito.on(AdminGetUserCommand).resolves({ Username: sub, UserAttributes: [{ Name: 'email', Value: 'Boss@Example.com' }] });
    const actor = { userId: sub, profile: 'administrator', roles: [] };
    const [a, b] = await Promise.all([getMe(db, actor, directory), getMe(db, actor, directory)]);
    expect(a).toEqual({ userId: sub, email: 'boss@example.com', name: 'Boss', profile: 'administrator', roles: [] });
    expect(b).toEqual(a);
    await getMe(db, actor, directory);
    expect(cognito.commandCalls(AdminGetUserCommand).length).toBeLessThanOrEqual(2);
    expect(cognito.commandCalls(AdminGetUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'pool-1', Username: sub });
  });

  it('answers 404 for a subject the directory does not know', async () => {
    cognito.reset();
    cognito.on(AdminGetUserCommand).rejects(new UserNotFoundException({ message: 'no', $metadata: {} }));
    await expect(getMe(db, { userId: '9f6c1c8e-2a4b-4c5d-9e8f-0a1b2c3d4e5f', profile: 'sales-rep', roles: [] }, directory)).rejects.toThrow(/does not exist/);
  });
});
