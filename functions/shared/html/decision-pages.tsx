import { type CaseState, CHOICE_LABELS, type DecisionChoice } from "../../../domain";
import { stageName } from "../../app/workflow/notify";
import { CURRENCY } from "./case-dossier";
import { Facts } from "./facts";
import { Layout } from "./layout";
import { Money } from "./money";
import { Notice } from "./notice";
import { renderDocument } from "./render";

const CSS = "form.confirm{margin:1rem 0}p.back{margin-top:1rem}";

/** The case an approver is deciding, as both the confirm and the confirmation pages name it. */
function CaseFacts({
  state,
  choice,
  comment,
}: {
  state: CaseState;
  choice: DecisionChoice;
  comment: string;
}) {
  return (
    <Facts
      facts={[
        ["Case", state.caseId],
        ["Borrower", state.borrowerName],
        [
          "Amount",
          state.assessment ? <Money amount={state.assessment.requestedTotal} currency={CURRENCY} /> : "—",
        ],
        ["Decision", CHOICE_LABELS[choice]],
        ["Comment", comment === "" ? "none" : comment],
      ]}
    />
  );
}

/**
 * The step before an irreversible decision: the choice and comment carried in hidden fields with the
 * link's and CSRF fields, and `confirm=yes` which the final POST must carry. Works without JavaScript.
 */
export function confirmPage(
  state: CaseState,
  stage: string,
  choice: DecisionChoice,
  comment: string,
  form: { action: string; fields: Record<string, string>; back: string },
): string {
  return renderDocument(
    <Layout title={`Confirm: ${CHOICE_LABELS[choice]} — ${state.borrowerName}`} css={CSS}>
      <h1>Confirm your decision</h1>
      <Notice kind="warn">{stageName(stage)}: once confirmed, this decision cannot be changed.</Notice>
      <CaseFacts state={state} choice={choice} comment={comment} />
      <form method="post" action={form.action} class="confirm">
        {Object.entries(form.fields).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class={choice === "decline" ? "decline" : "approve"}>
          Confirm: {CHOICE_LABELS[choice]}
        </button>
      </form>
      <p class="back">
        <a href={form.back}>Back to the case without deciding</a>
      </p>
    </Layout>,
  );
}

/** What the recorded decision leads to, in words the approver can act on. */
export function whatHappensNext(state: CaseState, stage: string, stageOutcome: string): string {
  if (stageOutcome === "pending")
    return "Your vote is counted. The committee decides once enough members have voted; every member is mailed the outcome.";
  if (stageOutcome === "decline") return "The case is declined. The relationship manager is told by mail.";
  if (stageOutcome === "return")
    return "The case goes back to the relationship manager for revision; a resubmission starts the route again.";
  const route = state.stages.map((s) => s.stage as string);
  const next = route[route.indexOf(stage) + 1];
  return next
    ? `The case goes on to ${stageName(next)}; its approvers are mailed.`
    : "This was the last stage: the case is approved and the relationship manager is told by mail.";
}

/** After deciding: the case, the amount, the decision and what happens next. */
export function decidedPage(
  state: CaseState,
  stage: string,
  choice: DecisionChoice,
  comment: string,
  stageOutcome: string,
): string {
  return renderDocument(
    <Layout title={`Decision recorded — ${state.borrowerName}`} css={CSS}>
      <h1>Decision recorded</h1>
      <Notice kind="good">{whatHappensNext(state, stage, stageOutcome)}</Notice>
      <CaseFacts state={state} choice={choice} comment={comment} />
      <p class="back">
        <a href="/inbox">Back to your inbox</a>
      </p>
    </Layout>,
  );
}
