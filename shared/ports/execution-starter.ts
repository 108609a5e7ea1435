/**
 * Starts a Step Functions execution: StartExecution in AWS, aws-local-stepfunctions
 * locally. The name makes it idempotent: starting the same name again starts nothing new.
 */
export interface ExecutionStarter {
  start(stateMachine: 'workflowRun' | 'webhookDelivery' | 'formSubmission', name: string, input: Record<string, unknown>): Promise<void>;
}
