import { App, Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { CrmFunction } from '../../infra/constructs/crm-function';
import { listAcknowledgements, nagFindings } from '../../infra/nag';

const ROOT = new URL('../..', import.meta.url).pathname;

/** A function bound to a blob bucket in another stack, as the CRM's are. */
function functionWithBucket() {
  const app = new App();
  const data = new Stack(app, 'Data');
  const blobs = new Bucket(data, 'Blobs');
  const other = new Bucket(data, 'Other');
  const api = new Stack(app, 'Api');
  const fn = new CrmFunction(api, 'Fn', { rootDir: ROOT, entry: 'bench/minimal-handler.ts', memoryMb: 256, description: 'nag allowance test' }).bindBucket(blobs);
  return { app, api, fn, other };
}

const wildcardFindings = (stack: Stack) =>
  nagFindings(stack).filter((finding) => finding.rule.startsWith('AwsSolutions-IAM5[') && finding.paths.some((path) => path.includes('FnRole')));

describe('the blob bucket grant acknowledgement', () => {
  it("acknowledges the wildcard over the bound bucket's objects", () => {
    const { api } = functionWithBucket();
    expect(wildcardFindings(api)).toEqual([]);
    const acknowledged = listAcknowledgements(api).filter((a) => a.rule.startsWith('AwsSolutions-IAM5[Resource::') && a.reason.startsWith('Object keys in the blob bucket'));
    expect(acknowledged).toEqual([expect.objectContaining({ rule: expect.stringMatching(/Blobs[0-9A-F]{8}\.Arn/) })]);
  });

  it("leaves a wildcard over another bucket's objects on the same role reported", () => {
    const { api, fn, other } = functionWithBucket();
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [other.arnForObjects('*')] }));
    expect(wildcardFindings(api)).toEqual([expect.objectContaining({ rule: expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<Other[0-9A-F]{8}\.Arn>\/\*\]$/) })]);
  });
});
