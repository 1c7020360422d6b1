import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { assess, chainEvents, genesisHead, getPolicy, POLICIES } from "../../../domain";
import { loadDirectoryFile } from "../../../functions/adapters/aws/directory-file";
import { auditCase } from "../../../functions/app/audit/case-audit";
import { timeline } from "../../../functions/app/audit/timeline";
import { approvalPage } from "../../../functions/shared/html/approval-page";
import { auditPage } from "../../../functions/shared/html/audit-page";
import { notice } from "../../../functions/shared/html/layout";
import { approvalMailHtml, preformattedMailHtml } from "../../../functions/shared/html/mail";
import { outboxPage } from "../../../infra/local/outbox/pages";
import { fixture } from "../../support/applications";
import { MANAGER_APPROVAL } from "../../support/approvals";
import { caseAtManager, managerReturned } from "../../support/case-state";
import { offending } from "../../support/unsafe-text";

/** A borrower name as an attacker would write it, if it ever got past the input checks (old data, another writer). */
const HOSTILE = `<script>alert("x")</script> O'Brien & "Sons" <img src=x onerror=alert(1)> \u202Egnidart\u202C\u0000 Ltd`;
/** The same name as the page must carry it: markup escaped, controls shown by name. */
const SHOWN =
  "&lt;script>alert(&quot;x&quot;)&lt;/script> O'Brien &amp; &quot;Sons&quot; &lt;img src=x onerror=alert(1)> [U+202E]gnidart[U+202C][U+0000] Ltd";

/** What no rendered page may contain, whatever the data. */
function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toContain('"Sons"');
  expect(offending(html)).toEqual([]);
}

const directory = loadDirectoryFile(
  join(import.meta.dirname, "..", "..", "..", "infra", "local", "directory.json"),
);

describe("a hostile borrower name on every page", () => {
  it("the approval page shows it as text, in the title and the heading, with its controls named", () => {
    const html = approvalPage(
      caseAtManager({ borrowerName: HOSTILE }),
      [managerReturned(HOSTILE)],
      { ...MANAGER_APPROVAL, status: "PENDING", ttl: 0 },
      { action: "/approvals/APR-1", csrf: 'c"><script>', hidden: { a: `mgr.wang"><script>` } },
    );
    expectInert(html);
    expect(html).toContain(`<title>Manager review — ${SHOWN}</title>`);
    expect(html).toContain(`<h1>Manager review: ${SHOWN}</h1>`);
    expect(html).toContain(`<td data-label="Comment">${SHOWN}</td>`);
    // In an attribute the quote is what would end it: escaped.
    expect(html).toContain('<input type="hidden" name="a" value="mgr.wang&quot;>&lt;script>"/>');
    expect(html).toContain('<input type="hidden" name="csrf" value="c&quot;>&lt;script>"/>');
  });

  it("the audit page shows it as text, in the title, the heading and the timeline", async () => {
    const app = {
      ...fixture("a2-wholesale"),
      borrower: { ...fixture("a2-wholesale").borrower, name: HOSTILE },
    };
    const events = chainEvents(genesisHead("CASE-1"), [
      {
        type: "CASE_SUBMITTED",
        at: "2026-11-20T10:00:00.000Z",
        actor: app.submittedBy,
        payload: { caseVersion: 1, application: app },
      },
      {
        type: "CASE_ASSESSED",
        at: "2026-11-20T10:00:01.000Z",
        actor: "system",
        payload: { caseVersion: 1, assessment: assess(app, getPolicy()) },
      },
    ]);
    const audit = await auditCase(
      {
        trails: {
          readTrail: async (caseId) => ({
            caseId,
            items: events.map((event) => ({ key: `EVT#${event.seq}`, position: event.seq, event })),
            state: undefined,
          }),
        },
        digests: null,
        policies: POLICIES,
        directory,
        now: () => new Date("2026-11-21T00:00:00.000Z"),
      },
      "CASE-1",
    );
    if (!audit) throw new Error("no audit");
    expect(audit.state?.borrowerName).toBe(HOSTILE);
    const html = auditPage(audit, timeline(audit, directory.nameOf));
    expectInert(html);
    expect(html).toContain(`<title>Audit — ${SHOWN}</title>`);
    expect(html).toContain(`<h1>Audit trail: ${SHOWN}</h1>`);
    expect(html).toContain(`for ${SHOWN}, branch`);
  });

  it("a notice, the local outbox and the mail bodies show it as text too", () => {
    expectInert(notice("bad", HOSTILE, HOSTILE));
    expect(notice("bad", HOSTILE, HOSTILE)).toContain(`<h1>${SHOWN}</h1><p class="notice bad">${SHOWN}</p>`);

    const outbox = outboxPage([
      {
        id: "m1",
        at: "2026-11-20T10:00:00.000Z",
        to: [`x@bank.example"><script>`],
        subject: HOSTILE,
        text: HOSTILE,
        html: "<p>mail</p>",
        links: [`http://evil.example/"onmouseover="alert(1)`],
      },
    ]);
    expectInert(outbox);
    expect(outbox).toContain(`<h2>${SHOWN}</h2>`);
    expect(outbox).toContain(
      '<a href="http://evil.example/&quot;onmouseover=&quot;alert(1)" rel="noreferrer">',
    );

    const mail = approvalMailHtml({
      name: HOSTILE,
      lines: [`Borrower: ${HOSTILE}`, "Requested: 5,000,000.00 CNY"],
      url: `http://127.0.0.1:3000/approvals/APR-1?a=1&s="x`,
      expiresAt: "2026-11-22T10:00:00.000Z",
    });
    expectInert(mail);
    expect(mail).toContain(`<p>Dear ${SHOWN},</p><p>Borrower: ${SHOWN}<br/>Requested: 5,000,000.00 CNY</p>`);
    expect(mail).toContain('href="http://127.0.0.1:3000/approvals/APR-1?a=1&amp;s=&quot;x"');
    expect(preformattedMailHtml(`Case of ${HOSTILE}\nline 2`)).toBe(`<pre>Case of ${SHOWN}\nline 2</pre>`);
  });
});
