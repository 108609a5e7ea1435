import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { emailFrom, readConfig } from '../../infra/config';
import { buildApp } from '../../infra/crm-app';
import { listAcknowledgements, nagFindings } from '../../infra/nag';

describe('context', () => {
  it('has defaults for every key, so `npx cdk synth` needs none', () => {
    const config = readConfig(new App());
    expect(config).toMatchObject({ allowedOrigins: [], threatProtection: false, intakeWaf: true });
    expect(config.region).toBeTruthy();
    expect(config.adminEmail).toBeUndefined();
    expect(config.sesIdentity).toBeUndefined();
  });

  it('reads and normalises what the deployer passes', () => {
    const app = new App({
      context: { region: 'eu-west-1', adminEmail: 'boss@acme.test', allowedOrigins: ' https://a.test/ ,http://localhost:3000,', threatProtection: 'true' },
    });
    expect(readConfig(app)).toMatchObject({
      region: 'eu-west-1',
      adminEmail: 'boss@acme.test',
      sesIdentity: 'boss@acme.test', // the admin's own address until a domain is verified
      allowedOrigins: ['https://a.test', 'http://localhost:3000'],
      threatProtection: true,
    });
  });

  it('derives the From address from the SES identity', () => {
    expect(emailFrom('crm@acme.test')).toBe('crm@acme.test');
    expect(emailFrom('acme.test')).toBe('no-reply@acme.test');
  });

  it('builds without any context: no first admin, no SES grant', () => {
    // Bundling is skipped here: this test is about what the context switches on and off.
    const { stacks } = buildApp({ context: { 'aws:cdk:bundling-stacks': [] }, uiDist: null, cfnValidation: false, nag: false });
    expect(Template.fromStack(stacks.auth).findResources('Custom::AWS')).toEqual({});
    const policies = JSON.stringify(Template.fromStack(stacks.api).findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('ses:SendEmail');
  });

  it('keeps AWS WAF in front of the intake unless -c intakeWaf=false, and takes nothing but true or false', () => {
    const waf = (value: unknown) => readConfig(new App({ context: { intakeWaf: value } })).intakeWaf;
    expect([waf('false'), waf('FALSE'), waf(false), waf('true'), waf(true), waf('')]).toEqual([false, false, false, true, true, true]);
    expect(() => waf('off')).toThrow('intakeWaf must be true or false, not off');
  });

  it('gives the intake function read access to the CAPTCHA secret parameter alone, named by -c captchaSecretParameter', () => {
    const { stacks } = buildApp({ context: { captchaSecretParameter: '/acme/crm/captcha', 'aws:cdk:bundling-stacks': [] }, uiDist: null, cfnValidation: false, nag: false });
    const api = Template.fromStack(stacks.api);
    const withSetting = Object.values(api.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.FORMS_CAPTCHA_SECRET_PARAMETER !== undefined,
    );
    expect(withSetting.map((fn) => [fn.Properties.Description, fn.Properties.Environment.Variables.FORMS_CAPTCHA_SECRET_PARAMETER])).toEqual([
      [expect.stringMatching(/intake/i), '/acme/crm/captcha'],
    ]);
    const grants = Object.values(api.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('ssm:'))),
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]!.Action).toBe('ssm:GetParameter');
    expect(JSON.stringify(grants[0]!.Resource)).toMatch(/:parameter\/acme\/crm\/captcha"/);
  });

  it('takes only a full SSM parameter name for the CAPTCHA secret, defaulting to /crm/forms/captcha-secret', () => {
    const name = (value?: unknown) => readConfig(new App({ context: value === undefined ? {} : { captchaSecretParameter: value } })).captchaSecretParameter;
    expect(name()).toBe('/crm/forms/captcha-secret');
    expect(name('/prod/crm.captcha_key')).toBe('/prod/crm.captcha_key');
    for (const bad of ['crm/captcha', '/crm/', '/crm captcha', 'arn:aws:ssm:eu-west-1:1:parameter/x']) expect(() => name(bad), bad).toThrow('captchaSecretParameter must be an SSM parameter name');
  });

  it('without the intake WAF keeps the intake REST API and its throttles, drops the web ACL, and cdk-nag knows why', () => {
    const { stacks } = buildApp({ context: { intakeWaf: 'false', 'aws:cdk:bundling-stacks': [] }, uiDist: null, cfnValidation: false, nag: false });
    const api = Template.fromStack(stacks.api);
    for (const type of ['AWS::WAFv2::WebACL', 'AWS::WAFv2::WebACLAssociation', 'AWS::WAFv2::LoggingConfiguration']) expect(api.findResources(type), type).toEqual({});
    api.resourceCountIs('AWS::ApiGateway::RestApi', 1);
    api.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ HttpMethod: 'POST', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 })]),
    });
    expect(nagFindings(stacks.api)).toEqual([]);
    expect(listAcknowledgements(stacks.api).filter((a) => a.rule.includes('APIG3'))).toEqual([expect.objectContaining({ reason: expect.stringContaining('-c intakeWaf=false') })]);
  });
});
