import {
  type CaseState,
  CHOICE_LABELS,
  COMMENT_REQUIRED,
  choicesAt,
  committeeRoll,
  committeeStanding,
  type DecisionChoice,
  getPolicy,
  type RecordedEvent,
  recordedAssessment,
} from "../../../domain";
import type { ApprovalRecord } from "../../app/ports";
import { MAX_COMMENT_CHARS } from "../../app/workflow/decide";
import { stageName } from "../../app/workflow/notify";
import { StatusBadge } from "./badge";
import {
  Borrower,
  Collateral,
  Criteria,
  CURRENCY,
  Facilities,
  Financials,
  Guarantors,
  ScoreLines,
  submittedApplication,
} from "./case-dossier";
import { DOCUMENTS_CSS, DocumentList } from "./documents";
import { Facts } from "./facts";
import { Field } from "./field";
import { Layout } from "./layout";
import { Money, readableAmounts } from "./money";
import { Notice } from "./notice";
import { renderDocument } from "./render";
import { StackTable } from "./stack-table";
import { Time } from "./time";

const CSS =
  DOCUMENTS_CSS +
  "ol.route li.done{color:#1f7a3a}ol.route li.current{font-weight:700}ul.findings{padding-left:1.2rem}ul.findings li{margin:.3rem 0}" +
  "fieldset{border:1px solid #bbb;padding:.6rem;margin:.8rem 0}fieldset label{display:block;margin:.3rem 0}fieldset input[type=radio]{width:auto;margin:0 .4rem 0 0}form.decide{margin:1rem 0}";

/** The choices the runtime records today: abstaining and recusing have their rules but no route yet. */
export function offeredChoices(stage: ApprovalRecord["stage"]): DecisionChoice[] {
  return choicesAt(stage).filter((c) => c !== "abstain" && c !== "recuse");
}

/** What the approver sent, re-shown with the server's message when it refused the form. */
export interface FormEcho {
  decision: string;
  comment: string;
  problem?: { field: "decision" | "comment"; message: string };
}

export interface DecisionFormTarget {
  action: string;
  csrf: string;
  hidden: Record<string, string>;
}

function Assessment({ state }: { state: CaseState }) {
  const a = state.assessment;
  if (!a) return <Facts facts={[["Assessment", "not available"]]} />;
  return (
    <Facts
      facts={[
        ["Requested total", <Money amount={a.requestedTotal} currency={CURRENCY} />],
        ["Max limit", <Money amount={a.maxLimit} currency={CURRENCY} />],
        ["Collateral supports", <Money amount={a.collateralSupportedLimit} currency={CURRENCY} />],
        ["Client grade", a.clientGrade],
        ["Sales grade", a.salesGrade === null ? "not SME" : String(a.salesGrade)],
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

function DecisionsSoFar({ events, hideCommittee }: { events: RecordedEvent[]; hideCommittee: boolean }) {
  const rows = events.flatMap((e) =>
    e.type === "DECISION_RECORDED" && !(hideCommittee && e.payload.stage === "COMMITTEE")
      ? [
          [
            stageName(e.payload.stage),
            e.payload.onBehalfOf
              ? `${e.payload.approverId} for ${e.payload.onBehalfOf}`
              : e.payload.approverId,
            e.payload.withConditions ? "approve with conditions" : e.payload.decision,
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
              <strong>{f.code}</strong> — {readableAmounts(f.message)}
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

/** Roster, quorum, the approve share and the counts; names only once the vote is over. */
function CommitteeVote({ state, events, me }: { state: CaseState; events: RecordedEvent[]; me: string }) {
  const standing = committeeStanding(committeeRoll(events), getPolicy(state.assessment?.policyVersion));
  const mine = committeeRoll(events).ballots.find((b) => b.approverId === me);
  const { numerator, denominator } = standing.approveShare;
  return (
    <>
      <h2>Committee vote</h2>
      <Facts
        class="committee"
        facts={[
          ["Members seated", String(standing.rosterSize)],
          ["Quorum", `${standing.quorum} votes`],
          ["Rule", `approved when at least ${numerator}/${denominator} of the votes cast approve`],
          [
            "Votes so far",
            `${standing.counts.approve} approve, ${standing.counts.decline} decline, ${standing.counts.stillToVote} still to vote`,
          ],
          ["Your vote", mine ? mine.kind : "not cast yet"],
        ]}
      />
      <p>Names are shown once the vote is over; every member is mailed the outcome.</p>
    </>
  );
}

function CommentField({ id, choice, echo }: { id: string; choice: "approve" | "other"; echo?: FormEcho }) {
  const error =
    echo?.problem?.field === "comment" && (choice === "approve") === (echo.decision === "approve")
      ? echo.problem.message
      : undefined;
  const value = echo && (choice === "approve") === (echo.decision === "approve") ? echo.comment : "";
  return (
    <Field
      id={id}
      label={choice === "approve" ? "Comment (optional)" : "Comment or conditions (required)"}
      {...(error ? { error } : {})}
    >
      {(control) => (
        <textarea {...control} name="comment" maxLength={MAX_COMMENT_CHARS} required={choice !== "approve"}>
          {value}
        </textarea>
      )}
    </Field>
  );
}

/**
 * Approving needs no comment; declining, returning or approving with conditions does. Two forms, so
 * the browser itself holds back a decline without a comment (`required`) even with JavaScript off;
 * the server refuses it again in the same words. Each form leads to a confirmation step.
 */
function DecisionForms({
  stage,
  form,
  echo,
}: {
  stage: ApprovalRecord["stage"];
  form: DecisionFormTarget;
  echo?: FormEcho;
}) {
  const committee = stage === "COMMITTEE";
  const others = offeredChoices(stage).filter((c) => c !== "approve");
  const hidden = (
    <>
      {Object.entries(form.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="csrf" value={form.csrf} />
    </>
  );
  const otherChosen = echo && echo.decision !== "approve" ? echo.decision : undefined;
  const decisionError = echo?.problem?.field === "decision" ? echo.problem.message : undefined;
  return (
    <>
      {decisionError ? <Notice kind="bad">{decisionError}</Notice> : null}
      <form method="post" action={form.action} class="decide">
        {hidden}
        <input type="hidden" name="decision" value="approve" />
        <CommentField id="comment-approve" choice="approve" {...(echo ? { echo } : {})} />
        <button type="submit" class="approve">
          {committee ? "Vote approve…" : "Approve…"}
        </button>
      </form>
      <form method="post" action={form.action} class="decide">
        {hidden}
        <fieldset>
          <legend>Or decide otherwise</legend>
          {others.map((c, i) => (
            <label>
              <input
                type="radio"
                name="decision"
                value={c}
                required={i === 0}
                checked={otherChosen ? otherChosen === c : i === others.indexOf("decline")}
              />{" "}
              {CHOICE_LABELS[c]}
              <span class="hint"> — {COMMENT_REQUIRED[c]}</span>
            </label>
          ))}
        </fieldset>
        <CommentField id="comment" choice="other" {...(echo ? { echo } : {})} />
        <button type="submit">Continue…</button>
      </form>
    </>
  );
}

/** GET /approvals/{id}: the case as the approver needs to judge it, and the form. Never decides. */
export function approvalPage(
  state: CaseState,
  events: RecordedEvent[],
  approval: ApprovalRecord,
  form: DecisionFormTarget,
  echo?: FormEcho,
): string {
  const a = state.assessment;
  const recorded = recordedAssessment(events, state.caseVersion);
  const app = submittedApplication(events);
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
      {echo?.problem ? <Notice kind="bad">Nothing was recorded: {echo.problem.message}</Notice> : null}
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
      {app ? (
        <>
          <h2>Borrower</h2>
          <Borrower app={app} />
          <h2>Facilities</h2>
          <Facilities app={app} assessment={recorded} />
          <h2>Collateral</h2>
          <Collateral app={app} assessment={recorded} />
          <h2>Guarantors</h2>
          <Guarantors app={app} assessment={recorded} />
          <h2>Key financials</h2>
          <Financials app={app} />
        </>
      ) : null}
      {recorded ? (
        <>
          <h2>CSC criteria</h2>
          <Criteria assessment={recorded} />
          <h2>Score and rating</h2>
          <ScoreLines assessment={recorded} />
        </>
      ) : null}
      <h2>Route</h2>
      <Route state={state} current={approval.stage} />
      <h2>Decisions so far</h2>
      <DecisionsSoFar events={events} hideCommittee={committee} />
      {committee ? <CommitteeVote state={state} events={events} me={approval.approverId} /> : null}
      <h2>Your decision</h2>
      <DecisionForms stage={approval.stage} form={form} {...(echo ? { echo } : {})} />
      <p class="meta">
        This link is for {approval.approverId} and expires <Time iso={approval.expiresAt} />.
      </p>
    </Layout>,
  );
}
