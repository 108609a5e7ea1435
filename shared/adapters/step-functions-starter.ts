import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionStarter } from '../ports/execution-starter';

/**
 * StartExecution by name: a name already used (a redelivered event, a retried step) is
 * not a second run. Standard workflows keep names for 90 days after the run ends.
 */
export function stepFunctionsStarter(stateMachineArns: Record<string, string>, client = new SFNClient({})): ExecutionStarter {
  return {
    async start(stateMachine, name, input) {
      const stateMachineArn = stateMachineArns[stateMachine];
      if (!stateMachineArn) throw new Error(`No ARN configured for the ${stateMachine} state machine`);
      try {
        await client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      } catch (error) {
        if (!(error instanceof ExecutionAlreadyExists)) throw error;
      }
    },
  };
}
