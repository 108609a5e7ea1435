import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captchaPasses } from '../../shared/forms/captcha';
import { UnavailableError } from '../../shared/platform/errors';
import { secretSetting } from '../../shared/platform/secret-setting';

/** SSM has no local stand-in (locally the secret comes from the environment), so it is mocked here. */
const ssm = mockClient(SSMClient);
// Powertools caches a value per parameter name for the process: every test reads its own name.
let parameterCount = 0;
const freshParameter = () => `/crm/test/secret-${++parameterCount}`;

describe('a secret setting', () => {
  beforeEach(() => {
    ssm.reset();
    vi.stubEnv('CRM_TEST_SECRET', '');
    vi.stubEnv('CRM_TEST_SECRET_PARAMETER', '');
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('is the environment variable where it is set, without asking SSM', async () => {
    vi.stubEnv('CRM_TEST_SECRET', 'from-env');
    vi.stubEnv('CRM_TEST_SECRET_PARAMETER', freshParameter());
    expect(await secretSetting('CRM_TEST_SECRET')).toBe('from-env');
    expect(ssm.calls()).toHaveLength(0);
  });

  it('is undefined when neither the variable nor a parameter name is set', async () => {
    expect(await secretSetting('CRM_TEST_SECRET')).toBeUndefined();
    expect(ssm.calls()).toHaveLength(0);
  });

  it('reads the named SecureString decrypted, once for five minutes', async () => {
    const name = freshParameter();
    vi.stubEnv('CRM_TEST_SECRET_PARAMETER', name);
    ssm.on(GetParameterCommand, { Name: name, WithDecryption: true }).resolves({ Parameter: { Name: name, Value: 'from-ssm' } });
    expect(await secretSetting('CRM_TEST_SECRET')).toBe('from-ssm');
    expect(await secretSetting('CRM_TEST_SECRET')).toBe('from-ssm');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);
  });

  it('remembers for five minutes that the parameter does not exist, then asks again', async () => {
    const name = freshParameter();
    vi.stubEnv('CRM_TEST_SECRET_PARAMETER', name);
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const start = Date.now();
    expect(await secretSetting('CRM_TEST_SECRET', { now: start })).toBeUndefined();
    expect(await secretSetting('CRM_TEST_SECRET', { now: start + 299_000 })).toBeUndefined();
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(1);

    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: name, Value: 'stored-since' } });
    expect(await secretSetting('CRM_TEST_SECRET', { now: start + 301_000 })).toBe('stored-since');
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('lets any other SSM failure through rather than treating it as "no secret"', async () => {
    vi.stubEnv('CRM_TEST_SECRET_PARAMETER', freshParameter());
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(secretSetting('CRM_TEST_SECRET')).rejects.toThrow('Rate exceeded');
  });
});

describe('the CAPTCHA check in AWS', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    ssm.reset();
  });

  it('verifies with the secret key from the parameter the deployment names', async () => {
    const name = freshParameter();
    vi.stubEnv('FORMS_CAPTCHA_SECRET', '');
    vi.stubEnv('FORMS_CAPTCHA_SECRET_PARAMETER', name);
    ssm.on(GetParameterCommand, { Name: name }).resolves({ Parameter: { Name: name, Value: 'provider-secret' } });
    const fetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response(JSON.stringify({ success: true })));
    expect(await captchaPasses('turnstile', 'answer-1', { fetch })).toBe(true);
    expect(new URLSearchParams(String(fetch.mock.calls[0]![1]!.body)).get('secret')).toBe('provider-secret');
  });

  it('refuses every answer while the parameter has not been stored', async () => {
    vi.stubEnv('FORMS_CAPTCHA_SECRET', '');
    vi.stubEnv('FORMS_CAPTCHA_SECRET_PARAMETER', freshParameter());
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const fetch = vi.fn(async () => new Response(JSON.stringify({ success: true })));
    expect(await captchaPasses('hcaptcha', 'answer-1', { fetch })).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('calls the check unavailable (503), not unsolved, while SSM fails for another reason', async () => {
    vi.stubEnv('FORMS_CAPTCHA_SECRET', '');
    vi.stubEnv('FORMS_CAPTCHA_SECRET_PARAMETER', freshParameter());
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const fetch = vi.fn(async () => new Response(JSON.stringify({ success: true })));
    await expect(captchaPasses('hcaptcha', 'answer-1', { fetch })).rejects.toBeInstanceOf(UnavailableError);
    expect(fetch).not.toHaveBeenCalled();
  });
});
