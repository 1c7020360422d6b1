import type { ExecutionRecord, HistoryRecord, SfnStore } from "./store";

/**
 * Each execution's history events, numbered and written in order per execution without holding up
 * the execution itself (a write waits only for the earlier events of the same execution).
 */
export class ExecutionHistory {
  private queues = new Map<string, Promise<void>>();

  constructor(private readonly store: Pick<SfnStore, "putHistory" | "history">) {}

  append(record: ExecutionRecord, type: string, details?: Record<string, unknown>): Promise<void> {
    const previous = this.queues.get(record.arn) ?? Promise.resolve();
    const next = previous.then(async () => {
      record.eventCount += 1;
      await this.store.putHistory(record.arn, {
        id: record.eventCount,
        type,
        timestamp: Date.now(),
        ...(details ? { details } : {}),
      });
    });
    this.queues.set(
      record.arn,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Every event of the execution so far, once those already appended are written. */
  async of(arn: string): Promise<HistoryRecord[]> {
    await this.queues.get(arn);
    return this.store.history(arn);
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }
}
