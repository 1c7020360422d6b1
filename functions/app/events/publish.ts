import { type AuditEvent, CodedError } from "../../../domain";
import { domainEvents } from "../../../domain/events/domain-events";
import type { Deps } from "../ports";

export type PublishDeps = Deps<"trails" | "domainEvents">;

/** New trail events, as the table's stream names them: a case and the seqs appended. */
export interface Appended {
  caseId: string;
  seq: number;
}

/**
 * Publishes the domain events of newly appended trail events, per case in seq order. Each case's trail
 * is read whole (strongly consistent) because a domain event needs what came before it (the version,
 * the application an approval approves). A trail that cannot be read as a chain is a bug or tampering,
 * thrown so the stream retries and, in the end, parks the batch in the dead-letter queue.
 */
export async function publishAppended(deps: PublishDeps, appended: readonly Appended[]): Promise<number> {
  const byCase = new Map<string, Set<number>>();
  for (const a of appended) byCase.set(a.caseId, (byCase.get(a.caseId) ?? new Set()).add(a.seq));
  let published = 0;
  for (const [caseId, seqs] of byCase) {
    const trail = await deps.trails.readTrail(caseId);
    const events: AuditEvent[] = [];
    for (const item of trail?.items ?? []) {
      if (!item.event) throw new CodedError("TRAIL_UNREADABLE", `case ${caseId}: ${item.key} is malformed`);
      events.push(item.event);
    }
    const fresh = domainEvents(events).filter((e) => seqs.has(e.seq));
    await deps.domainEvents.publish(fresh);
    published += fresh.length;
    deps.telemetry.info("domain events published", { caseId, count: fresh.length });
  }
  return published;
}
