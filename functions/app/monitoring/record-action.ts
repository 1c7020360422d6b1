import type { InputProblem } from "../../../domain/application/parse";
import { toProblems } from "../../../domain/application/parse";
import { CodedError } from "../../../domain/errors";
import { getPolicy } from "../../../domain/policy/registry";
import type { Deps } from "../ports";
import { creditDraft, foldCredit } from "./credit";
import { CREDIT_ACTIONS } from "./credit-actions";

export type ActionOutcome =
  | { kind: "RECORDED"; creditId: string; events: { seq: number; type: string }[] }
  | { kind: "INVALID"; errors: InputProblem[] }
  | { kind: "REFUSED"; code: string; problems: string[] }
  | { kind: "UNKNOWN_ACTION"; action: string }
  | { kind: "NOT_FOUND"; caseId: string }
  | { kind: "FORBIDDEN"; message: string };

const MAX_ATTEMPTS = 5;

/**
 * A person's action on a monitored credit (respond to a warning, lower or clear it, propose or decide
 * a classification, open an exit plan, record a reduction): the body checked by path, the caller's
 * role, then the domain's decision on the credit as folded now; recorded in the caller's name on the
 * credit's trail in one conditional append, or refused with the domain's reasons and nothing stored.
 */
export async function recordCreditAction(
  deps: Deps<"credits" | "creditWrites" | "directory">,
  caseId: string,
  action: string,
  input: unknown,
  caller: string,
): Promise<ActionOutcome> {
  const spec = CREDIT_ACTIONS[action];
  if (!spec) return { kind: "UNKNOWN_ACTION", action };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const stored = await deps.credits.events(caseId);
    const state = foldCredit(caseId, stored);
    if (!state) return { kind: "NOT_FOUND", caseId };
    if (!spec.allowed(deps.directory, caller, state.branch))
      return {
        kind: "FORBIDDEN",
        message: `${caller} may not ${action} on credits of branch ${state.branch}`,
      };
    const parsed = spec.schema.safeParse(input);
    if (!parsed.success) return { kind: "INVALID", errors: toProblems(parsed.error.issues) };
    const at = deps.now().toISOString();
    const decided = spec.decide(parsed.data, {
      state,
      policy: getPolicy(state.policyVersion),
      caller,
      directory: deps.directory,
    });
    if (!decided.ok) return { kind: "REFUSED", code: decided.code, problems: decided.problems };
    const result = await deps.creditWrites.append(
      caseId,
      stored,
      decided.events.map((e) => creditDraft(e, at, caller)),
    );
    if (!result.ok) continue;
    deps.telemetry.info("credit action recorded", { caseId, action });
    return {
      kind: "RECORDED",
      creditId: caseId,
      events: result.events.map((e) => ({ seq: e.seq, type: e.type })),
    };
  }
  throw new CodedError("CREDIT_APPEND_RACE", `credit ${caseId}: ${MAX_ATTEMPTS} appends lost their race`);
}
