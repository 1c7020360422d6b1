import type { InputProblem } from "../../../domain/application/parse";
import type { AuditEvent } from "../../../domain/audit/chain";
import { CodedError } from "../../../domain/errors";
import {
  type CreditEvent,
  evaluateSnapshot,
  evaluationContext,
  foldCreditEvents,
  parseSnapshot,
  type RecordedCreditEvent,
  SYSTEM_ACTOR,
  snapshotEvents,
  type Tier,
  type Warning,
} from "../../../domain/monitoring";
import { getPolicy } from "../../../domain/policy/registry";
import type { Deps } from "../ports";
import { asCreditEvents, creditDraft, creditOpened, foldCredit } from "./credit";

export type RecordSnapshotOutcome =
  | {
      kind: "RECORDED";
      creditId: string;
      snapshotId: string;
      warning: Warning;
      /** The credit's tier after the snapshot (never lower than before: a tier only goes up by itself). */
      tier: Tier | null;
      raised: { from: Tier | null; to: Tier; dueAt: string } | null;
      /** True when this snapshot id had been recorded before: nothing new was written. */
      duplicate: boolean;
    }
  | { kind: "INVALID"; snapshotId: string | null; errors: InputProblem[] }
  | { kind: "NOT_FOUND"; caseId: string }
  | { kind: "FORBIDDEN"; message: string }
  | { kind: "NOT_APPROVED"; caseId: string; status: string };

/** Writers racing on one credit decide again on the longer trail; this many tries is far beyond any real race. */
const MAX_ATTEMPTS = 5;

export type RecordDeps = Deps<"cases" | "credits" | "creditWrites" | "directory"> & { secondsPerDay: number };

/**
 * A monthly snapshot of an approved credit: validated (every problem by JSON path, nothing stored),
 * evaluated under the credit's monitoring policy with what its trail knows (a flagged circle default),
 * and recorded on the credit's own trail with the raise it causes, in one conditional append. The
 * credit's trail is opened (CREDIT_OPENED) by its first snapshot, from the approved case. A snapshot
 * id already recorded is answered with its recorded warning and not recorded twice.
 */
export async function recordSnapshot(
  deps: RecordDeps,
  caseId: string,
  input: unknown,
  caller: string,
): Promise<RecordSnapshotOutcome> {
  const loaded = await deps.cases.load(caseId);
  if (!loaded) return { kind: "NOT_FOUND", caseId };
  const { state } = loaded;
  if (!deps.directory.hasRole(caller, state.branch, "CREDIT_ADMIN"))
    return {
      kind: "FORBIDDEN",
      message: `${caller} is not credit administration of branch ${state.branch}`,
    };
  if (state.status !== "APPROVED") return { kind: "NOT_APPROVED", caseId, status: state.status };
  const parsed = parseSnapshot(input);
  if (!parsed.ok) {
    const id = (input as { snapshotId?: unknown } | null)?.snapshotId;
    return {
      kind: "INVALID",
      snapshotId: typeof id === "string" && id.length <= 128 ? id : null,
      errors: parsed.error,
    };
  }
  const snapshot = parsed.value;

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await deps.credits.events(caseId);
    const at = deps.now().toISOString();
    const opening: CreditEvent[] =
      stored.length === 0 ? [creditOpened(state, loaded.events, deps.secondsPerDay)] : [];
    const before =
      foldCredit(caseId, stored) ??
      foldCreditEvents(
        caseId,
        opening.map((e) => ({ ...e, seq: 1, at, actor: SYSTEM_ACTOR }) as RecordedCreditEvent),
      );
    if (!before) throw new CodedError("CREDIT_NOT_OPENED", `credit ${caseId} folds to nothing`);
    const recorded = recordedWarning(stored, snapshot.snapshotId);
    if (recorded)
      return {
        kind: "RECORDED",
        creditId: caseId,
        snapshotId: snapshot.snapshotId,
        warning: recorded,
        tier: before.tier,
        raised: null,
        duplicate: true,
      };
    const policy = getPolicy(before.policyVersion);
    const warning = evaluateSnapshot(snapshot, policy, evaluationContext(before));
    const events = [...opening, ...snapshotEvents(before, snapshot, warning, at, policy)];
    const result = await deps.creditWrites.append(
      caseId,
      stored,
      events.map((e) => creditDraft(e, at, SYSTEM_ACTOR)),
    );
    if (!result.ok) continue;
    const raise = events.find((e) => e.type === "WARNING_RAISED");
    const after = foldCredit(caseId, [...stored, ...result.events]);
    deps.telemetry.info("snapshot recorded", {
      caseId,
      snapshotId: snapshot.snapshotId,
      tier: warning.tier ?? "none",
      raised: raise !== undefined,
    });
    return {
      kind: "RECORDED",
      creditId: caseId,
      snapshotId: snapshot.snapshotId,
      warning,
      tier: after?.tier ?? null,
      raised:
        raise?.type === "WARNING_RAISED"
          ? { from: raise.payload.from, to: raise.payload.to, dueAt: raise.payload.dueAt }
          : null,
      duplicate: false,
    };
  }
  throw new CodedError("CREDIT_APPEND_RACE", `credit ${caseId}: ${MAX_ATTEMPTS} appends lost their race`);
}

function recordedWarning(stored: readonly AuditEvent[], snapshotId: string): Warning | undefined {
  for (const e of asCreditEvents(stored))
    if (e.type === "SNAPSHOT_RECORDED" && e.payload.snapshot.snapshotId === snapshotId)
      return e.payload.warning;
  return undefined;
}
