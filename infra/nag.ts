import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type IApplyRule, type NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag v3 runs as a CDK validation plugin and takes acknowledgements through
 * `Validations.of(scope).acknowledge()`. Every acknowledgement in this app goes through
 * the two helpers below so each one carries a reason.
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: rule, reason });
}

interface FindingAllowance {
  rule: string;
  findings: RegExp;
  reason: string;
}
const allowances = new WeakMap<IConstruct, FindingAllowance[]>();
/** Findings already acknowledged per resource, so repeated validations record each once. */
const acknowledgedFindings = new WeakMap<IConstruct, Set<string>>();

/**
 * Granular rules (IAM4, IAM5) report one finding per policy or wildcard, and v3 only
 * acknowledges exact finding ids, which embed logical ids and cross-stack export names
 * that change whenever a construct moves. A pattern keeps the acknowledgement tied to
 * what is allowed (e.g. "objects of the blob bucket") rather than to generated names.
 * Matching findings are acknowledged, with the reason, right before the rule reports.
 */
export function acknowledgeFindings(scope: IConstruct, rule: string, findings: RegExp, reason: string): void {
  if (findings.global || findings.sticky) throw new Error('finding patterns must not be global or sticky (RegExp.test keeps state)');
  allowances.set(scope, [...(allowances.get(scope) ?? []), { rule, findings, reason }]);
}

function allowancesFor(node: IConstruct, ruleId: string): FindingAllowance[] {
  const found: FindingAllowance[] = [];
  for (let current: IConstruct | undefined = node; current; current = current.node.scope) {
    for (const allowance of allowances.get(current) ?? []) if (allowance.rule === ruleId) found.push(allowance);
  }
  return found;
}

/** AwsSolutions checks plus the pattern acknowledgements registered with acknowledgeFindings. */
export class CrmNagChecks extends AwsSolutionsChecks {
  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
  }

  protected override applyRule(params: IApplyRule): void {
    const ruleId = `${this.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
    const candidates = allowancesFor(params.node, ruleId);
    if (candidates.length > 0) {
      let result: unknown;
      try {
        result = params.rule(params.node);
      } catch {
        result = undefined; // the base class reports rules that throw
      }
      if (Array.isArray(result)) {
        for (const finding of result as string[]) {
          const id = `${ruleId}[${finding}]`;
          const done = acknowledgedFindings.get(params.node) ?? new Set<string>();
          const allowance = candidates.find((candidate) => candidate.findings.test(finding));
          if (allowance && !done.has(id)) {
            acknowledge(params.node, id, allowance.reason);
            acknowledgedFindings.set(params.node, done.add(id));
          }
        }
      }
    }
    super.applyRule(params);
  }
}

export function addNagChecks(app: App): void {
  Validations.of(app).addPlugins(new CrmNagChecks(app, { verbose: true }));
}

export interface NagFinding {
  rule: string;
  severity: string;
  paths: string[];
  description: string;
}

/** Unacknowledged findings for a scope, for tests and for printing. */
export function nagFindings(scope: IConstruct): NagFinding[] {
  const report = new CrmNagChecks(undefined, { verbose: false }).validateScope(scope);
  return report.violations.map((violation) => ({
    rule: violation.ruleName,
    severity: violation.severity ?? 'error',
    paths: violation.violatingResources.map((resource) => resource.constructPath ?? resource.resourceLogicalId ?? '(unknown)'),
    description: violation.description,
  }));
}

/** Every acknowledgement recorded in the tree: construct path, rule and reason. */
export function listAcknowledgements(scope: IConstruct): { path: string; rule: string; reason: string }[] {
  const found: { path: string; rule: string; reason: string }[] = [];
  for (const construct of scope.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      for (const [rule, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, rule: rule.replace(/^annotation::/i, ''), reason });
      }
    }
  }
  return found;
}
