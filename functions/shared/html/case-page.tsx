import type { CaseState, RecordedEvent } from "../../../domain";
import { describeEvent } from "../../app/audit/describe";
import { decisionComments, stageDueAt } from "../../app/workflow/comments";
import { stageName } from "../../app/workflow/notify";
import { CSRF_FIELD } from "../session";
import { StatusBadge } from "./badge";
import { DOCUMENTS_CSS, DocumentList } from "./documents";
import { Facts } from "./facts";
import { Layout } from "./layout";
import { Money } from "./money";
import { Notice } from "./notice";
import { renderDocument } from "./render";
import { StackTable } from "./stack-table";
import { STAFF_NAV_CSS, StaffNav } from "./staff-nav";
import { Time } from "./time";

const CURRENCY = "CNY";
const CSS = `${STAFF_NAV_CSS}${DOCUMENTS_CSS}
table.stack td:last-child{overflow-wrap:anywhere}
.cta{display:inline-block;padding:12px 18px;border-radius:6px;background:#1f4f9a;color:#fff;text-decoration:none;font-weight:600}
blockquote{margin:.3rem 0 .6rem;padding:.3rem .8rem;border-left:4px solid #f0c27b;background:#fffaf2}`;

export interface CasePageView {
  state: CaseState;
  events: readonly RecordedEvent[];
  user: { id: string; name: string };
  nameOf: (id: string) => string;
  /** The attach form, for those who may add documents. */
  upload?: { csrf: string; hint: string; accept: string };
}

function Waiting({ state, events, nameOf }: Pick<CasePageView, "state" | "events" | "nameOf">) {
  if (state.status !== "IN_APPROVAL" && state.status !== "STALLED") return null;
  const due = stageDueAt(events);
  const who = state.pendingApprovals.map((p) => nameOf(p.approverId)).join(", ");
  return (
    <Notice kind={state.stalled ? "warn" : "info"}>
      {state.currentStage ? `${stageName(state.currentStage)}: ` : ""}
      {who ? `waiting for ${who}` : "being routed"}
      {due ? (
        <>
          {" until "}
          <Time iso={due} />
        </>
      ) : null}
      {state.stalled ? " — stalled: credit administration has been told." : "."}
    </Notice>
  );
}

/** A returned case: the approvers' own words, and the way back. */
function Returned({
  state,
  events,
  nameOf,
  mine,
}: Pick<CasePageView, "state" | "events" | "nameOf"> & { mine: boolean }) {
  if (state.status !== "RETURNED") return null;
  const comments = decisionComments(events).filter(
    (c) => c.caseVersion === state.caseVersion && c.decision === "return",
  );
  return (
    <section aria-labelledby="returned">
      <h2 id="returned">Returned for changes</h2>
      {comments.map((c) => (
        <>
          <p>
            {nameOf(c.approverId)} ({stageName(c.stage)}), <Time iso={c.at} />:
          </p>
          <blockquote>{c.comment || "no comment"}</blockquote>
        </>
      ))}
      {mine ? (
        <p>
          <a class="cta" href={`/cases/${encodeURIComponent(state.caseId)}/edit`}>
            Edit and resubmit
          </a>
        </p>
      ) : null}
    </section>
  );
}

function AssessmentFacts({ state }: { state: CaseState }) {
  const a = state.assessment;
  if (!a) return <p>Not assessed yet.</p>;
  return (
    <Facts
      facts={[
        [
          "Client grade / sales grade",
          `${a.clientGrade} / ${a.salesGrade === null ? "not SME" : a.salesGrade}`,
        ],
        ["Score / rating / PD", `${a.score} / ${a.rating} / ${a.pdBand}`],
        ["Requested total", <Money amount={a.requestedTotal} currency={CURRENCY} />],
        ["Max limit", <Money amount={a.maxLimit} currency={CURRENCY} />],
        ["Minimum coverage", a.minCoverage],
        ["Exceptions", a.exceptions.join(", ") || "none"],
        ["Conditions", (a.conditions ?? []).join(", ") || "none"],
        ["Route", state.route.map(stageName).join(" → ") || "none"],
        ["Policy", a.policyVersion],
      ]}
    />
  );
}

/** GET /cases/{id} for a browser: where the case stands, why, and what happened, in words. */
export function casePage(view: CasePageView): string {
  const { state, events, nameOf } = view;
  return renderDocument(
    <Layout title={`${state.borrowerName} — ${state.caseId}`} css={CSS}>
      <StaffNav name={view.user.name} userId={view.user.id} />
      <h1>{state.borrowerName}</h1>
      <p>
        <StatusBadge status={state.status} /> version {state.caseVersion}
      </p>
      <Waiting state={state} events={events} nameOf={nameOf} />
      <Returned state={state} events={events} nameOf={nameOf} mine={view.user.id === state.submittedBy} />
      <Facts
        facts={[
          ["Case", state.caseId],
          ["Application", state.applicationId],
          ["Branch", state.branch],
          ["Submitted by", `${nameOf(state.submittedBy)} (${state.submittedBy})`],
          ["Stage", state.currentStage ? stageName(state.currentStage) : "none"],
          ["Submitted", <Time iso={state.createdAt} />],
        ]}
      />
      <h2>Assessment</h2>
      <AssessmentFacts state={state} />
      <DocumentList caseId={state.caseId} events={events} />
      {view.upload ? (
        <form
          method="post"
          action={`/cases/${encodeURIComponent(state.caseId)}/documents`}
          enctype="multipart/form-data"
        >
          <input type="hidden" name={CSRF_FIELD} value={view.upload.csrf} />
          <div class="field">
            <label for="file">Attach a document</label>
            <p class="hint" id="file-hint">
              {view.upload.hint}
            </p>
            <input
              type="file"
              id="file"
              name="file"
              aria-describedby="file-hint"
              accept={view.upload.accept}
            />
          </div>
          <div class="actions">
            <button type="submit">Attach</button>
          </div>
        </form>
      ) : null}
      <h2>What happened</h2>
      <StackTable
        columns={["When", "Who", "What"]}
        rows={events.map((e) => [
          <Time iso={e.at} />,
          e.actor === "system" ? "system" : nameOf(e.actor),
          describeEvent(e, nameOf),
        ])}
      />
    </Layout>,
  );
}
