/** An event as EventBridge PutEvents takes it. */
export interface BusEvent {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
  time?: string;
}

/** Puts events on the CRM bus: EventBridge in AWS, the in-process bus locally. */
export interface EventPublisher {
  /** Returns the indexes of the entries that failed, so the caller can retry just those. */
  publish(events: BusEvent[]): Promise<{ failed: number[] }>;
}
