import { applyEvent } from "../case/fold";
import type { CaseState, RecordedEvent } from "../case/types";
import type { AuditEvent } from "./chain";

/** A stored event as the case fold reads it; the payload was written from a CaseEvent of that type. */
export function asRecorded(e: AuditEvent): RecordedEvent {
  return { type: e.type, payload: e.payload, seq: e.seq, at: e.at, actor: e.actor } as RecordedEvent;
}

/** Where to stop: after event `seq`, or after the last event recorded at or before the instant `at`. */
export type ReplayPoint = { seq: number } | { at: string } | "end";

export interface ReplayStep {
  event: RecordedEvent;
  state: CaseState;
  /** What this event changed in the case, as `field: before → after`. */
  changes: string[];
}

export type Replay =
  | { ok: true; state: CaseState | undefined; steps: ReplayStep[] }
  /** An event the fold cannot apply (a payload that is not what its type says): named, not thrown. */
  | { ok: false; seq: number; message: string; state: CaseState | undefined; steps: ReplayStep[] };

function included(e: RecordedEvent, until: ReplayPoint, atMs: number): boolean {
  if (until === "end") return true;
  if ("seq" in until) return e.seq <= until.seq;
  return Date.parse(e.at) <= atMs;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.approverId === "string") return o.approverId;
    return JSON.stringify(value);
  }
  return String(value);
}

/** The fields an auditor follows through a case; the stages are spelled out one by one. */
export function stateChanges(before: CaseState | undefined, after: CaseState): string[] {
  const changes: string[] = [];
  const fields = [
    "caseVersion",
    "status",
    "stalled",
    "currentStage",
    "route",
    "pendingApprovals",
    "reasons",
    "workflowRun",
  ] as const;
  for (const f of fields) {
    const a = before ? show(before[f]) : "—";
    const b = show(after[f]);
    if (a !== b) changes.push(`${f}: ${a} → ${b}`);
  }
  const rating = (s: CaseState | undefined) =>
    s?.assessment
      ? `${s.assessment.clientGrade}/${s.assessment.rating} (${s.assessment.policyVersion})`
      : "—";
  if (rating(before) !== rating(after)) changes.push(`assessment: ${rating(before)} → ${rating(after)}`);
  for (const stage of after.stages) {
    const old = before?.stages.find((s) => s.stage === stage.stage);
    if ((old?.outcome ?? null) !== stage.outcome)
      changes.push(`${stage.stage}: ${old?.outcome ?? "—"} → ${stage.outcome ?? "—"}`);
    const added = stage.decidedBy.filter((who) => !(old?.decidedBy ?? []).includes(who));
    if (added.length > 0) changes.push(`${stage.stage} decided by: +${added.join(", +")}`);
  }
  return changes;
}

/**
 * Folds the events into the case as it stood at `until`, keeping each step: the same fold that
 * writes the STATE projection, so what an auditor replays is what the system saw.
 */
export function replay(caseId: string, events: readonly RecordedEvent[], until: ReplayPoint = "end"): Replay {
  const atMs = typeof until === "object" && "at" in until ? Date.parse(until.at) : Number.NaN;
  const steps: ReplayStep[] = [];
  let state: CaseState | undefined;
  for (const event of events) {
    if (!included(event, until, atMs)) break;
    try {
      const next = applyEvent(state, caseId, event);
      steps.push({ event, state: next, changes: stateChanges(state, next) });
      state = next;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        seq: event.seq,
        message: `event ${event.seq} (${event.type}) cannot be applied: ${message}`,
        state,
        steps,
      };
    }
  }
  return { ok: true, state, steps };
}
