import type { ExecutionRecord, HistoryRecord, SfnStore } from "./store";

/**
 * Each execution's history events, numbered in order. They are kept in memory until the execution's
 * next save writes them with its record (executions.ts): nothing a restart needs is in the history,
 * so it costs no request of its own. A crash loses the events since the last save, never a state.
 */
export class ExecutionHistory {
  /** Appended, not yet handed to a save. */
  private unsaved = new Map<string, HistoryRecord[]>();
  /** Handed to a save that has not finished yet. */
  private saving = new Map<string, HistoryRecord[]>();

  constructor(private readonly store: Pick<SfnStore, "history">) {}

  append(record: ExecutionRecord, type: string, details?: Record<string, unknown>): void {
    record.eventCount += 1;
    const events = this.unsaved.get(record.arn) ?? [];
    this.unsaved.set(record.arn, events);
    events.push({ id: record.eventCount, type, timestamp: Date.now(), ...(details ? { details } : {}) });
  }

  /** The events a save is about to write; `saved` or `unsent` says how it went. */
  take(arn: string): HistoryRecord[] {
    const events = this.unsaved.get(arn) ?? [];
    this.unsaved.delete(arn);
    if (events.length > 0) this.saving.set(arn, [...(this.saving.get(arn) ?? []), ...events]);
    return events;
  }

  saved(arn: string, events: readonly HistoryRecord[]): void {
    const ids = new Set(events.map((e) => e.id));
    const left = (this.saving.get(arn) ?? []).filter((e) => !ids.has(e.id));
    if (left.length > 0) this.saving.set(arn, left);
    else this.saving.delete(arn);
  }

  /** A failed save: its events go back in front of those appended since, for the next save. */
  unsent(arn: string, events: readonly HistoryRecord[]): void {
    this.saved(arn, events);
    if (events.length > 0) this.unsaved.set(arn, [...events, ...(this.unsaved.get(arn) ?? [])]);
  }

  /** An execution that never started after all: its events go with it. */
  forget(arn: string): void {
    this.unsaved.delete(arn);
    this.saving.delete(arn);
  }

  /** Every event of the execution so far: those written, being written, then those still in memory. */
  async of(arn: string): Promise<HistoryRecord[]> {
    const inMemory = [...(this.saving.get(arn) ?? []), ...(this.unsaved.get(arn) ?? [])];
    const byId = new Map((await this.store.history(arn)).map((e) => [e.id, e]));
    for (const e of inMemory) byId.set(e.id, e);
    return [...byId.values()].sort((a, b) => a.id - b.id);
  }
}
