import type { ComponentChildren } from "preact";
import type { EventCheck } from "../../../domain";
import type { CaseAudit } from "../../app/audit/case-audit";
import type { TimelineRow } from "../../app/audit/timeline";
import { Badge, StatusBadge, type Tone } from "./badge";
import { Facts } from "./facts";
import { Layout } from "./layout";
import { Notice } from "./notice";
import { renderDocument } from "./render";
import { Time } from "./time";

const BADGES: Record<EventCheck, { tone: Exclude<Tone, "info">; text: string }> = {
  VERIFIED: { tone: "good", text: "✓ verified" },
  CHANGED: { tone: "bad", text: "✗ changed" },
  MISSING: { tone: "bad", text: "✗ missing" },
  REORDERED: { tone: "bad", text: "✗ out of order" },
  INSERTED: { tone: "bad", text: "✗ inserted" },
  UNVERIFIED: { tone: "warn", text: "? not verifiable after the break" },
};

const CSS = `
ol.timeline{list-style:none;padding:0;margin:0}
ol.timeline li{border:1px solid #e3e3e3;border-left-width:6px;border-radius:6px;padding:8px 10px;margin:0 0 8px}
ol.timeline li.good{border-left-color:#1f7a3a}ol.timeline li.bad{border-left-color:#b42318;background:#fdecec}
ol.timeline li.warn{border-left-color:#f0c27b}
.badge .anchor{color:#1f4f9a;font-size:.9rem}
.ok{color:#1f7a3a;font-weight:700}.ko{color:#b42318;font-weight:700}
.hash{font-family:ui-monospace,monospace;font-size:.8rem;color:#555;word-break:break-all}
`;

/** One verdict line of the summary: a tick or a cross, then what it means. */
function Line({ ok, children }: { ok: boolean; children: ComponentChildren }) {
  return (
    <div>
      <span class={ok ? "ok" : "ko"}>{ok ? "✓" : "✗"}</span> {children}
    </div>
  );
}

function HashChain({ audit }: { audit: CaseAudit }) {
  const v = audit.verdict;
  const head = audit.trail.state
    ? `the case's recorded head is event ${audit.trail.state.version}`
    : (audit.trail.stateProblem ?? "");
  return v.ok || v.problems.every((p) => p.caughtBy === "digest") ? (
    <Line ok>
      {v.verifiedThrough} of {audit.trail.items.length} events verified from genesis; {head}
    </Line>
  ) : (
    <Line ok={false}>{v.problems.find((p) => p.caughtBy !== "digest")?.message ?? ""}</Line>
  );
}

function Digests({ audit }: { audit: CaseAudit }) {
  const d = audit.digests;
  const problem = audit.verdict.problems.find((p) => p.caughtBy === "digest");
  return (
    <>
      {d.location === null ? (
        <Line ok={false}>no digest store is configured: the trail is not anchored outside the table</Line>
      ) : problem ? (
        <Line ok={false}>{problem.message}</Line>
      ) : d.anchoredIn.length === 0 ? (
        <Line ok={false}>
          not anchored yet: no digest in {d.location} lists this case (the next daily digest will)
        </Line>
      ) : (
        <Line ok>
          anchored in {d.anchoredIn.length} digest(s), the latest {d.anchoredIn.at(-1)}; {d.checked} digest(s)
          checked
        </Line>
      )}
      {d.chainProblems.length > 0 ? (
        <Line ok={false}>{d.chainProblems.map((p) => p.message).join("; ")}</Line>
      ) : null}
    </>
  );
}

function Reproductions({ audit }: { audit: CaseAudit }) {
  if (audit.reproductions.length === 0) return <Line ok={false}>no assessment recorded</Line>;
  return (
    <>
      {audit.reproductions.map((r) => (
        <Line ok={r.outcome === "REPRODUCED"}>
          version {r.caseVersion} (event {r.seq}):{" "}
          {r.outcome === "REPRODUCED"
            ? `byte-identical under ${r.policyVersion} (${r.bytes} bytes)`
            : r.message}
        </Line>
      ))}
    </>
  );
}

function Rules({ audit }: { audit: CaseAudit }) {
  if (audit.violations.length === 0)
    return (
      <Line ok>
        every decision by someone asked and holding the role; four eyes; committee quorum and two thirds;
        nothing approved by a timeout
      </Line>
    );
  return (
    <>
      {audit.violations.map((x) => (
        <Line ok={false}>
          event {x.seq}: {x.code} — {x.message}
        </Line>
      ))}
    </>
  );
}

function CaseLine({ audit }: { audit: CaseAudit }) {
  const s = audit.state;
  if (!s) return <>{audit.caseId}</>;
  return (
    <>
      {audit.caseId} · {s.applicationId} · branch {s.branch} · <StatusBadge status={s.status} />
      {s.currentStage ? ` at ${s.currentStage}` : ""}
    </>
  );
}

function Event({ row }: { row: TimelineRow }) {
  const badge = BADGES[row.check];
  const who = row.actor ? `${row.actorName}${row.actorName !== row.actor ? ` (${row.actor})` : ""}` : "";
  const meta: ComponentChildren[] = [
    row.seq === null ? row.key : `#${row.seq}`,
    row.at ? <Time iso={row.at} seconds /> : "",
    who,
    row.policyVersion ? `policy ${row.policyVersion}` : "",
  ].filter((m) => m !== "");
  return (
    <li class={badge.tone} data-seq={row.seq ?? ""} data-check={row.check}>
      <div class="badge">
        <Badge tone={badge.tone}>{badge.text}</Badge>
        {row.anchoredIn.length > 0 ? (
          <>
            {" "}
            <span class="anchor">⚓ anchored {row.anchoredIn.at(-1)}</span>
          </>
        ) : null}
      </div>
      <div class="meta">{meta.flatMap((m, i) => (i === 0 ? [m] : [" · ", m]))}</div>
      <div class="what">
        <strong>{row.type}</strong> {row.what}
      </div>
      {row.problem ? <Notice kind="bad">{row.problem}</Notice> : null}
      {row.hash ? <div class="hash">hash {row.hash}</div> : null}
    </li>
  );
}

function verdictProblem(audit: CaseAudit): string {
  return (
    audit.verdict.problems[0]?.message ??
    audit.digests.chainProblems[0]?.message ??
    audit.reproductions.find((r) => r.outcome !== "REPRODUCED")?.message ??
    audit.violations[0]?.message ??
    (audit.replay.ok ? "" : audit.replay.message)
  );
}

/** GET /cases/{id}/audit: the case's trail as an auditor reads it, one badge per event. */
export function auditPage(audit: CaseAudit, rows: TimelineRow[]): string {
  const name = audit.state?.borrowerName ?? audit.caseId;
  return renderDocument(
    <Layout title={`Audit — ${name}`} css={CSS}>
      <h1>Audit trail: {name}</h1>
      {audit.ok ? (
        <Notice kind="good" id="verdict">
          Verified: the trail is intact{audit.digests.anchoredIn.length > 0 ? " and anchored" : ""}, every
          assessment reproduces under its own policy version, and no decision broke a rule.
        </Notice>
      ) : (
        <Notice kind="bad" id="verdict">
          Not verified: {verdictProblem(audit)}
        </Notice>
      )}
      <Facts
        facts={[
          ["Case", <CaseLine audit={audit} />],
          ["Hash chain", <HashChain audit={audit} />],
          ["Digests", <Digests audit={audit} />],
          ["Assessments", <Reproductions audit={audit} />],
          ["Decision rules", <Rules audit={audit} />],
        ]}
      />
      <h2>Timeline ({rows.length} events, oldest first)</h2>
      <ol class="timeline">
        {rows.map((row) => (
          <Event row={row} />
        ))}
      </ol>
      <p class="meta">
        Generated <Time iso={audit.generatedAt} seconds />. Each event's hash covers its content and the
        previous event's hash; digests are written once where nobody can rewrite them.
      </p>
    </Layout>,
  );
}
