import type { CaseState } from "../../../domain";
import type { RoleGrant } from "../../app/directory";
import type { Draft } from "../../app/ports";
import type { CaseSearch } from "../../app/workflow/search";
import { StatusBadge } from "./badge";
import { Layout } from "./layout";
import { Money } from "./money";
import { Notice } from "./notice";
import { renderDocument } from "./render";
import { roleWords } from "./roles";
import { StackTable } from "./stack-table";
import { STAFF_NAV_CSS, StaffNav } from "./staff-nav";
import { Time } from "./time";

const CSS = `${STAFF_NAV_CSS}
table.stack td time{white-space:normal}
.cta{display:inline-block;padding:12px 18px;border-radius:6px;background:#1f4f9a;color:#fff;text-decoration:none;font-weight:600}
form.search{display:grid;gap:0 12px;grid-template-columns:minmax(0,1fr)}
@media (min-width:600px){form.search{grid-template-columns:repeat(2,minmax(0,1fr))}}`;

export interface HomeView {
  userId: string;
  name: string;
  grants: readonly RoleGrant[];
  /** The RM's own cases and saved drafts (present when the user is an RM). */
  mine?: readonly CaseState[];
  drafts?: readonly Draft[];
  /** The auditor's search and its results (present when the user is an auditor). */
  search?: { query: CaseSearch; results: readonly CaseState[] | undefined };
}

const has = (grants: readonly RoleGrant[], role: RoleGrant["role"]) => grants.some((g) => g.role === role);
const APPROVER_ROLES: readonly RoleGrant["role"][] = ["MANAGER", "BRANCH_CREDIT", "COMMITTEE", "HEAD_OFFICE"];

function CaseRows({ cases, audit }: { cases: readonly CaseState[]; audit?: boolean }) {
  const columns = ["Case", "Borrower", "Status", "Requested", "Updated", ...(audit ? ["Audit"] : [])];
  return (
    <StackTable
      columns={columns}
      rows={cases.map((c) => [
        <a href={`/cases/${encodeURIComponent(c.caseId)}`}>{c.caseId}</a>,
        c.borrowerName,
        <StatusBadge status={c.status} />,
        c.assessment ? <Money amount={c.assessment.requestedTotal} currency="CNY" /> : "not assessed yet",
        <Time iso={c.updatedAt} />,
        ...(audit ? [<a href={`/cases/${encodeURIComponent(c.caseId)}/audit`}>audit timeline</a>] : []),
      ])}
    />
  );
}

function Drafts({ drafts }: { drafts: readonly Draft[] }) {
  if (drafts.length === 0) return null;
  return (
    <>
      <h3>Drafts</h3>
      <StackTable
        columns={["Draft", "Saved"]}
        rows={drafts.map((d) => [
          <a href={`/drafts/${encodeURIComponent(d.draftId)}`}>{d.label || "unnamed borrower"}</a>,
          <Time iso={d.savedAt} />,
        ])}
      />
    </>
  );
}

function MyCases({ cases, drafts }: { cases: readonly CaseState[]; drafts: readonly Draft[] }) {
  const byStatus = new Map<string, CaseState[]>();
  for (const c of cases) byStatus.set(c.status, [...(byStatus.get(c.status) ?? []), c]);
  return (
    <section aria-labelledby="mine">
      <h2 id="mine">My cases</h2>
      <p>
        <a class="cta" href="/cases/new">
          New application
        </a>
      </p>
      <Drafts drafts={drafts} />
      {cases.length === 0 ? <p>You have no cases yet.</p> : null}
      {[...byStatus.values()].map((list) => (
        <>
          <h3>
            <StatusBadge status={list[0]?.status ?? "SUBMITTED"} /> {list.length} case
            {list.length === 1 ? "" : "s"}
          </h3>
          <CaseRows cases={list} />
        </>
      ))}
      <p>
        <a href="/cases?mine=1">All my cases</a>
      </p>
    </section>
  );
}

function Search({ query, results }: { query: CaseSearch; results: readonly CaseState[] | undefined }) {
  return (
    <section aria-labelledby="search">
      <h2 id="search">Find a case</h2>
      <form class="search" method="get" action="/">
        <div class="field">
          <label for="q-id">Case or application id</label>
          <input id="q-id" name="id" value={query.id ?? ""} />
        </div>
        <div class="field">
          <label for="q-borrower">Borrower</label>
          <input id="q-borrower" name="borrower" value={query.borrower ?? ""} />
        </div>
        <div class="field">
          <label for="q-from">Submitted from</label>
          <input id="q-from" name="from" type="date" value={query.from ?? ""} />
        </div>
        <div class="field">
          <label for="q-to">Submitted to</label>
          <input id="q-to" name="to" type="date" value={query.to ?? ""} />
        </div>
        <div class="actions">
          <button type="submit">Search</button>
        </div>
      </form>
      {results === undefined ? null : results.length === 0 ? (
        <Notice kind="info">No case matches.</Notice>
      ) : (
        <CaseRows cases={results} audit />
      )}
    </section>
  );
}

/** GET /: what this person does here, by role. */
export function homePage(view: HomeView): string {
  const { grants } = view;
  return renderDocument(
    <Layout title="Credit approvals" css={CSS}>
      <StaffNav name={view.name} userId={view.userId} />
      <h1>Credit approvals</h1>
      <p class="meta">{roleWords(grants)}</p>
      {view.mine ? <MyCases cases={view.mine} drafts={view.drafts ?? []} /> : null}
      {APPROVER_ROLES.some((r) => has(grants, r)) ? (
        <section aria-labelledby="approve">
          <h2 id="approve">Approvals</h2>
          <p>
            <a href="/inbox">My approval inbox</a>: the cases waiting for your decision.
          </p>
        </section>
      ) : null}
      {has(grants, "CREDIT_ADMIN") ? (
        <section aria-labelledby="admin">
          <h2 id="admin">Credit administration</h2>
          <p>
            <a href="/cases">The case queue</a>: every case of your branches by status, stalled ones first.
          </p>
        </section>
      ) : null}
      {view.search ? <Search query={view.search.query} results={view.search.results} /> : null}
      {grants.length === 0 ? (
        <Notice kind="warn">Your user holds no role in the directory; ask credit administration.</Notice>
      ) : null}
    </Layout>,
  );
}
