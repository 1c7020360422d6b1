import { type CaseState, type RecordedEvent, recordedAssessment } from "../../../domain";
import type { ApprovalRecord } from "../../app/ports";
import { MAX_COMMENT_CHARS } from "../../app/workflow/decide";
import { stageName } from "../../app/workflow/notify";
import { StatusBadge } from "./badge";
import { DOCUMENTS_CSS, DocumentList } from "./documents";
import { Facts } from "./facts";
import { Field } from "./field";
import { Layout } from "./layout";
import { Money } from "./money";
import { Notice } from "./notice";
import { renderDocument } from "./render";
import { StackTable } from "./stack-table";
import { Time } from "./time";

/** Every policy version states its amounts in CNY (the policy schema allows no other currency). */
const CURRENCY = "CNY";

const CSS =
  DOCUMENTS_CSS +
  "ol.route li.done{color:#1f7a3a}ol.route li.current{font-weight:700}ul.findings{padding-left:1.2rem}ul.findings li{margin:.3rem 0}";

function Assessment({ state }: { state: CaseState }) {
  const a = state.assessment;
  if (!a) return <Facts facts={[["Assessment", "not available"]]} />;
  return (
    <Facts
      facts={[
        ["Requested total", <Money amount={a.requestedTotal} currency={CURRENCY} />],
        ["Max limit", <Money amount={a.maxLimit} currency={CURRENCY} />],
        ["Secured value", <Money amount={a.securedValue} currency={CURRENCY} />],
        ["Minimum coverage", a.minCoverage],
        ["Collateral supports", <Money amount={a.collateralSupportedLimit} currency={CURRENCY} />],
        ["Client grade", a.clientGrade],
        ["Sales grade", a.salesGrade === null ? "not SME" : String(a.salesGrade)],
        ["Score / rating / PD", `${a.score} / ${a.rating} / ${a.pdBand}`],
        ["Policy", a.policyVersion],
      ]}
    />
  );
}

function Route({ state, current }: { state: CaseState; current: string }) {
  return (
    <ol class="route">
      {state.stages.map((s) => {
        const done = s.outcome === "approve";
        const here = !done && s.stage === current;
        return (
          <li class={done ? "done" : here ? "current" : undefined}>
            {stageName(s.stage)}
            {done ? " ✓ approved" : here ? " ← this decision" : ""}
          </li>
        );
      })}
    </ol>
  );
}

function DecisionsSoFar({ events }: { events: RecordedEvent[] }) {
  const rows = events.flatMap((e) =>
    e.type === "DECISION_RECORDED"
      ? [
          [
            stageName(e.payload.stage),
            e.payload.approverId,
            e.payload.decision,
            e.payload.comment,
            <Time iso={e.at} />,
          ],
        ]
      : [],
  );
  if (rows.length === 0) return <p>No decisions yet.</p>;
  return <StackTable columns={["Stage", "Who", "Decision", "Comment", "When"]} rows={rows} />;
}

/**
 * Exceptions or conditions with their messages, from the recorded assessment; the codes alone when
 * only the projection has them.
 */
function Findings({ codes, findings }: { codes: string[]; findings?: { code: string; message: string }[] }) {
  if (codes.length === 0) return <p>None.</p>;
  return (
    <ul class="findings">
      {findings
        ? findings.map((f) => (
            <li>
              <strong>{f.code}</strong> — {f.message}
            </li>
          ))
        : codes.map((c) => (
            <li>
              <strong>{c}</strong>
            </li>
          ))}
    </ul>
  );
}

/** GET /approvals/{id}: the case as the approver needs to judge it, and the form. Never decides. */
export function approvalPage(
  state: CaseState,
  events: RecordedEvent[],
  approval: ApprovalRecord,
  form: { action: string; csrf: string; hidden: Record<string, string> },
): string {
  const a = state.assessment;
  const recorded = recordedAssessment(events, state.caseVersion);
  const committee = approval.stage === "COMMITTEE";
  return renderDocument(
    <Layout title={`${stageName(approval.stage)} — ${state.borrowerName}`} css={CSS}>
      <h1>
        {stageName(approval.stage)}: {state.borrowerName}
      </h1>
      <Notice kind={state.stalled ? "warn" : "info"}>
        Case {state.caseId} · application {state.applicationId} (version {state.caseVersion}) · branch{" "}
        {state.branch} · submitted by {state.submittedBy} · <StatusBadge status={state.status} />
        {state.stalled ? " · STALLED" : ""}
      </Notice>
      <h2>Assessment</h2>
      <Assessment state={state} />
      <h2>Exceptions</h2>
      <Findings codes={a?.exceptions ?? []} findings={recorded?.exceptions} />
      {/* Policies without conditions (2026.1 and before) show no conditions section at all. */}
      {a?.conditions ? (
        <>
          <h2>Conditions of approval</h2>
          <p>Approving this case approves it with these terms.</p>
          <Findings codes={a.conditions} findings={recorded?.conditions} />
        </>
      ) : null}
      <DocumentList caseId={state.caseId} events={events} />
      <h2>Route</h2>
      <Route state={state} current={approval.stage} />
      <h2>Decisions so far</h2>
      <DecisionsSoFar events={events} />
      <h2>Your decision</h2>
      <form method="post" action={form.action}>
        {Object.entries(form.hidden).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name="csrf" value={form.csrf} />
        <Field id="comment" label={`Comment (required to decline${committee ? "" : " or return"})`}>
          {(control) => <textarea {...control} name="comment" maxLength={MAX_COMMENT_CHARS} />}
        </Field>
        <div class="actions">
          <button type="submit" class="approve" name="decision" value="approve">
            {committee ? "Vote approve" : "Approve"}
          </button>
          <button type="submit" class="decline" name="decision" value="decline">
            {committee ? "Vote decline" : "Decline"}
          </button>
          {committee ? null : (
            <button type="submit" name="decision" value="return">
              Return for revision
            </button>
          )}
        </div>
      </form>
      <p class="meta">
        This link is for {approval.approverId} and expires <Time iso={approval.expiresAt} />.
      </p>
    </Layout>,
  );
}
