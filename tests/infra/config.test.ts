import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { emailFrom, readConfig } from '../../infra/config';
import { buildApp } from '../../infra/crm-app';

describe('context', () => {
  it('has defaults for every key, so `npx cdk synth` needs none', () => {
    const config = readConfig(new App());
    expect(config).toMatchObject({ allowedOrigins: [], threatProtection: false });
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
});
