import type { Stage } from "../assessment/types";
import type { Decision } from "../case/types";
import { err, ok, type Result } from "../result";
import { checkTextField } from "./text-field";

/** What an approver may choose on the decision page; the committee votes, abstains or recuses. */
export const DECISION_CHOICES = [
  "approve",
  "approve_with_conditions",
  "decline",
  "return",
  "abstain",
  "recuse",
] as const;
export type DecisionChoice = (typeof DECISION_CHOICES)[number];

const SINGLE: readonly DecisionChoice[] = ["approve", "approve_with_conditions", "decline", "return"];
// A collegiate vote is for or against (docs/policy.md §6): a revision is asked for by the single stages.
const COMMITTEE: readonly DecisionChoice[] = [
  "approve",
  "approve_with_conditions",
  "decline",
  "abstain",
  "recuse",
];

export function choicesAt(stage: Stage): readonly DecisionChoice[] {
  return stage === "COMMITTEE" ? COMMITTEE : SINGLE;
}

export const CHOICE_LABELS: Readonly<Record<DecisionChoice, string>> = {
  approve: "Approve",
  approve_with_conditions: "Approve with conditions",
  decline: "Decline",
  return: "Return for revision",
  abstain: "Abstain",
  recuse: "Recuse myself",
};

/**
 * The message shown next to the comment when it is empty and must not be, or null when it may be
 * empty. The page marks the field required from this, and the server refuses with the same words.
 */
export const COMMENT_REQUIRED: Readonly<Record<DecisionChoice, string | null>> = {
  approve: null,
  approve_with_conditions: "Write the conditions this approval carries.",
  decline: "A decline needs a comment giving the reason.",
  return: "A return needs a comment saying what to revise.",
  abstain: null,
  recuse: "A recusal needs a reason (for example, a conflict of interest).",
};

/** What a valid form records: a decision (an approval may carry conditions), an abstention, a recusal. */
export type DecisionAct =
  | { kind: "DECISION"; decision: Decision; comment: string; withConditions: boolean }
  | { kind: "ABSTAIN"; comment: string }
  | { kind: "RECUSE"; reason: string };

/** A refused form: which field to show the message next to. */
export interface FormProblem {
  field: "decision" | "comment";
  message: string;
}

/** The decision form as the page and the API both check it, before anything is recorded. */
export function checkDecisionForm(
  stage: Stage,
  form: { decision: string; comment: string },
): Result<DecisionAct, FormProblem> {
  const allowed = choicesAt(stage);
  const choice = allowed.find((c) => c === form.decision);
  if (choice === undefined) {
    return err({
      field: "decision",
      message: `choose one of: ${allowed.map((c) => CHOICE_LABELS[c].toLowerCase()).join(", ")}`,
    });
  }
  const comment = checkTextField(form.comment, "comment", COMMENT_REQUIRED[choice]);
  if (!comment.ok) return err({ field: "comment", message: comment.error });
  const text = comment.value;
  switch (choice) {
    case "abstain":
      return ok({ kind: "ABSTAIN", comment: text });
    case "recuse":
      return ok({ kind: "RECUSE", reason: text });
    case "approve_with_conditions":
      return ok({ kind: "DECISION", decision: "approve", comment: text, withConditions: true });
    default:
      return ok({ kind: "DECISION", decision: choice, comment: text, withConditions: false });
  }
}
