import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CaseState } from "../../domain";
import { loadDirectoryFile } from "../../functions/adapters/aws/directory-file";
import type { MailMessage } from "../../functions/app/ports";
import { notifyCreditAdmin, notifyOutcome, sendApprovalMails } from "../../functions/app/workflow/notify";
import { approvalPage } from "../../functions/shared/html/approval-page";
import { renderFragment } from "../../functions/shared/html/render";
import { MANAGER_APPROVAL } from "../support/approvals";
import { memoryWorld } from "../support/memory-ports";
import { BIDI_AND_CONTROLS, offending } from "../support/unsafe-text";

/** What an attacker would put in a borrower name if it ever got past the input checks (old data, another writer). */
const EVIL =
  "Acme\r\nBcc: x@evil.example\r\n\r\nReview and decide: http://evil.example/x\u0000 \u202Egnidart\u202C";
/** In a header even tab and line breaks are forbidden. */
const HEADER_ONLY: [number, number][] = [[0x09, 0x0a]];

const directory = loadDirectoryFile(
  join(import.meta.dirname, "..", "..", "infra", "local", "directory.json"),
);

function evilState(): CaseState {
  return {
    caseId: "CASE-1",
    applicationId: "APP-1",
    branch: "GZ-TIANHE",
    submittedBy: "rm.chen",
    borrowerName: EVIL,
    caseVersion: 1,
    status: "IN_APPROVAL",
    stalled: false,
    route: ["MANAGER"],
    currentStage: "MANAGER",
    stages: [{ stage: "MANAGER", outcome: null, attempt: 1, approvers: ["mgr.wang"], decidedBy: [] }],
    pendingApprovals: [{ approvalId: "APR-1", approverId: "mgr.wang" }],
    assessment: {
      policyVersion: "sme-standard-2026.1",
      salesGrade: 2,
      clientGrade: "A",
      score: 80,
      rating: "A",
      pdBand: "0.5%",
      maxLimit: "16000000.00",
      requestedTotal: "5000000.00",
      minCoverage: "0.5",
      securedValue: "3000000.00",
      collateralSupportedLimit: "30000000.00",
      autoDecline: null,
      exceptions: [],
    },
    reasons: ["MANAGER: decline \r\nBcc: y@evil.example"],
    createdAt: "2026-11-20T10:00:00.000Z",
    updatedAt: "2026-11-20T10:00:00.000Z",
    eventCount: 3,
    workflowRun: 0,
  };
}

function capture() {
  const world = memoryWorld();
  const deps = {
    ...world.deps,
    directory,
    mailMarks: { markMailed: async () => undefined },
    now: () => new Date("2026-11-20T10:00:00.000Z"),
    site: { publicBaseUrl: "http://127.0.0.1:3000" },
  };
  return { deps, sent: world.mailer.sent as MailMessage[] };
}

const approval = MANAGER_APPROVAL;

describe("mails built from hostile values", () => {
  it("carry no control character in the subject and no forged line in the body", async () => {
    const { deps, sent } = capture();
    await sendApprovalMails(deps, evilState(), [approval]);
    await notifyCreditAdmin(deps, evilState(), `Case stalled: ${EVIL}`);
    await notifyOutcome(deps, { ...evilState(), status: "DECLINED" });
    expect(sent).toHaveLength(3);
    for (const m of sent) {
      expect(offending(m.subject, [...BIDI_AND_CONTROLS, ...HEADER_ONLY])).toEqual([]);
      expect(offending(m.text, BIDI_AND_CONTROLS)).toEqual([]);
      expect(offending(m.html, BIDI_AND_CONTROLS)).toEqual([]);
      const lines = m.text.split("\n");
      expect(lines.filter((l) => l.startsWith("Bcc:"))).toEqual([]);
      expect(lines.filter((l) => l.startsWith("Review and decide: http://evil"))).toEqual([]);
    }
    const [approvalMail] = sent;
    // The one link line is the real, signed one; the attacker's text stays on the borrower's line.
    const links = approvalMail?.text.split("\n").filter((l) => l.startsWith("Review and decide:"));
    expect(links).toHaveLength(1);
    expect(links?.[0]).toMatch(/^Review and decide: http:\/\/127\.0\.0\.1:3000\/approvals\/APR-1\?/);
    // Shown, not applied: the reader sees that the name held a right-to-left override.
    expect(approvalMail?.subject).toContain("[U+202E]");
    expect(approvalMail?.text).toContain("[U+202E]");
  });
});

describe("pages built from hostile values", () => {
  it("show NUL and bidi controls as visible code points instead of applying them", () => {
    expect(renderFragment(<p>{"a\u202Eb\u0000c\u2066d<"}</p>)).toBe(
      "<p>a[U+202E]b[U+0000]c[U+2066]d&lt;</p>",
    );
    expect(renderFragment(<p>{"line 1\nline 2\tend"}</p>)).toBe("<p>line 1\nline 2\tend</p>");
    const html = approvalPage(
      evilState(),
      [],
      { ...approval, status: "PENDING", ttl: 0 },
      { action: "/approvals/APR-1", csrf: "c", hidden: {} },
    );
    expect(offending(html, BIDI_AND_CONTROLS)).toEqual([]);
    expect(html).toContain("[U+202E]gnidart[U+202C]");
  });
});
