import type { App } from 'aws-cdk-lib';

/** Everything the app reads from `-c key=value`, resolved once with its defaults. */
export interface CrmConfig {
  /** undefined keeps the stacks account-agnostic (synth without credentials) */
  account?: string;
  region: string;
  /** First administrator; without it no user exists and nobody can sign in. */
  adminEmail?: string;
  /** Verified SES identity (an address or a domain) the CRM sends from. */
  sesIdentity?: string;
  /** Extra browser origins allowed by CORS besides the CloudFront URL (e.g. http://localhost:3000). */
  allowedOrigins: string[];
  alarmEmail?: string;
  /** Cognito Plus tier with threat protection (billed per monthly active user). */
  threatProtection: boolean;
  /** Days each audit entry is locked (S3 Object Lock, compliance mode) in the audit archive. */
  auditRetentionDays: number;
  /**
   * AWS WAF in front of the web-form intake, with the rate rules its routes declare
   * (about $5 a month for the web ACL, $1 per rule, $0.60 per million requests). Off, the
   * intake relies on API Gateway's throttling alone.
   */
  intakeWaf: boolean;
  /**
   * The SSM SecureString parameter holding the CAPTCHA provider's secret key for web forms
   * (created by the operator: CloudFormation cannot create SecureStrings, and the key must
   * not be in the template). Until it exists, a form set up with a CAPTCHA refuses submissions.
   */
  captchaSecretParameter: string;
}

export const CONTEXT_KEYS = ['region', 'adminEmail', 'sesIdentity', 'allowedOrigins', 'alarmEmail', 'threatProtection', 'auditRetentionDays', 'intakeWaf', 'captchaSecretParameter'] as const;

export function readConfig(app: App): CrmConfig {
  const text = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    if (value === undefined || value === null) return undefined;
    const trimmed = String(value).trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const adminEmail = text('adminEmail');
  return {
    account: process.env.CDK_DEFAULT_ACCOUNT,
    region: text('region') ?? process.env.CDK_DEFAULT_REGION ?? 'us-east-1',
    adminEmail,
    // The admin can verify their own address in SES in a minute, so it is the natural default sender.
    sesIdentity: text('sesIdentity') ?? adminEmail,
    allowedOrigins: (text('allowedOrigins') ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    alarmEmail: text('alarmEmail'),
    threatProtection: text('threatProtection') === 'true',
    auditRetentionDays: retentionDays(text('auditRetentionDays')),
    intakeWaf: flag('intakeWaf', text('intakeWaf'), true),
    captchaSecretParameter: parameterName('captchaSecretParameter', text('captchaSecretParameter') ?? '/crm/forms/captcha-secret'),
  };
}

/** A fully qualified SSM parameter name (`/a/b`), the form the IAM grant and the lookup both need. */
function parameterName(key: string, value: string): string {
  if (/^(\/[\w.-]+)+$/.test(value) && value.length <= 1011) return value;
  throw new Error(`${key} must be an SSM parameter name like /crm/forms/captcha-secret, not ${value}`);
}

/** `true` or `false` (any case); anything else is a typo worth stopping for, not a silent default. */
function flag(key: string, value: string | undefined, defaultValue: boolean): boolean {
  if (value === undefined) return defaultValue;
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new Error(`${key} must be true or false, not ${value}`);
}

const DEFAULT_AUDIT_RETENTION_DAYS = 2557; // seven years, a common legal minimum for business records

function retentionDays(value: string | undefined): number {
  if (value === undefined) return DEFAULT_AUDIT_RETENTION_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) throw new Error(`auditRetentionDays must be a whole number of days from 1 to 36500, not ${value}`);
  return days;
}

/** The From address for an SES identity: the address itself, or no-reply@ a verified domain. */
export function emailFrom(sesIdentity: string): string {
  return sesIdentity.includes('@') ? sesIdentity : `no-reply@${sesIdentity}`;
}
