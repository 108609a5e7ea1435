/**
 * The local stand-in for Step Functions: the same ASL files CDK deploys, run by
 * aws-local-stepfunctions, each Task whose Resource is a substituted worker ARN
 * overridden to call that worker's handler in-process.
 */
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { WorkerFunction } from '../functions/groups';
import { readAsl, stateMachines, type StateMachineKey } from '../functions/workflows/definitions';
import type { ExecutionStarter } from '../shared/ports/execution-starter';

export type Worker = (input: unknown) => Promise<unknown>;

export interface ExecutionRecord {
  executionId: string;
  stateMachine: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  input: unknown;
  output?: unknown;
  error?: string;
  startedAt: string;
  stoppedAt?: string;
}

const localArn = (worker: string) => `arn:aws:lambda:local:000000000000:function:crm-${worker}`;

export function createLocalStepFunctions(workers: Record<WorkerFunction, Worker>, options: { retryIntervalMs?: number; waitMs?: number } = {}) {
  const executions: ExecutionRecord[] = [];
  const running = new Set<Promise<unknown>>();
  const machines = Object.fromEntries(
    Object.entries(stateMachines).map(([key, machine]) => {
      let asl = readAsl(machine.aslFile);
      for (const [variable, worker] of Object.entries(machine.substitutions)) asl = asl.replaceAll(`\${${variable}}`, localArn(worker));
      const definition = JSON.parse(asl) as { States: Record<string, { Type: string; Resource?: string; Retry?: unknown[] }> };
      const handlers: Record<string, Worker> = {};
      const retryOverrides: Record<string, number> = {};
      const waitOverrides: Record<string, number> = {};
      for (const [stateName, state] of Object.entries(definition.States)) {
        const worker = Object.entries(machine.substitutions).find(([, w]) => state.Resource === localArn(w))?.[1];
        if (state.Type === 'Task' && worker) handlers[stateName] = workers[worker];
        if (state.Retry && options.retryIntervalMs !== undefined) retryOverrides[stateName] = options.retryIntervalMs;
        if (state.Type === 'Wait' && options.waitMs !== undefined) waitOverrides[stateName] = options.waitMs;
      }
      return [key, { name: machine.name, machine: new StateMachine(definition as never), handlers, retryOverrides, waitOverrides }];
    }),
  ) as Record<
    StateMachineKey,
    { name: string; machine: StateMachine; handlers: Record<string, Worker>; retryOverrides: Record<string, number>; waitOverrides: Record<string, number> }
  >;
  // Like Step Functions, a name is used once: starting it again starts nothing (kept for the runtime's life).
  const names = new Map<string, ExecutionRecord>();

  function startExecution(key: StateMachineKey, input: unknown, executionName?: string): ExecutionRecord {
    const { name, machine, handlers, retryOverrides, waitOverrides } = machines[key];
    const nameKey = executionName && `${key}/${executionName}`;
    if (nameKey && names.has(nameKey)) return names.get(nameKey)!;
    const record: ExecutionRecord = { executionId: executionName ?? randomUUID(), stateMachine: name, status: 'RUNNING', input, startedAt: new Date().toISOString() };
    if (nameKey) names.set(nameKey, record);
    executions.unshift(record);
    if (executions.length > 500) executions.pop();
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: retryOverrides, waitTimeOverrides: waitOverrides },
    });
    const done = execution.result
      .then((output) => Object.assign(record, { status: 'SUCCEEDED', output }))
      .catch((error: Error) => Object.assign(record, { status: 'FAILED', error: `${error.name}: ${error.message}` }))
      .finally(() => {
        record.stoppedAt = new Date().toISOString();
        running.delete(done);
      });
    running.add(done);
    return record;
  }

  const starter: ExecutionStarter = {
    async start(stateMachine, name, input) {
      startExecution(stateMachine, input, name);
    },
  };

  return {
    startExecution,
    starter,
    executions,
    async idle() {
      while (running.size) await Promise.all([...running]);
    },
  };
}
export type LocalStepFunctions = ReturnType<typeof createLocalStepFunctions>;
