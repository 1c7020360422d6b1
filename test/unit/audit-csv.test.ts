import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TimelineRow } from "../../functions/app/audit/timeline";
import { auditCsv } from "../../functions/shared/audit/export";

const HEADER = "seq,at,actor,actorName,type,what,policyVersion,check,anchoredIn,problem,hash,prevHash,key";

function row(patch: Partial<TimelineRow> = {}): TimelineRow {
  return {
    key: "EVENT#0000000004",
    seq: 4,
    at: "2026-11-20T10:00:00.000Z",
    actor: "mgr.wang",
    actorName: "Wang Wei",
    type: "DECISION_RECORDED",
    what: "Wang Wei approved at MANAGER",
    policyVersion: "sme-standard-2026.2",
    check: "VERIFIED",
    anchoredIn: ["2026-11-20T00-00-00.000Z", "2026-11-21T00-00-00.000Z"],
    problem: null,
    hash: "ab12",
    prevHash: "cd34",
    ...patch,
  };
}

describe("the audit CSV", () => {
  it("has its columns in order, CRLF between records, lists as words and nothing as empty", () => {
    expect(auditCsv([row()])).toBe(
      `${HEADER}\r\n4,2026-11-20T10:00:00.000Z,mgr.wang,Wang Wei,DECISION_RECORDED,Wang Wei approved at MANAGER,sme-standard-2026.2,VERIFIED,2026-11-20T00-00-00.000Z 2026-11-21T00-00-00.000Z,,ab12,cd34,EVENT#0000000004\r\n`,
    );
    expect(auditCsv([])).toBe(`${HEADER}\r\n`);
    expect(auditCsv([row({ seq: null, policyVersion: null, anchoredIn: [] })]).split("\r\n")[1]).toMatch(
      /^,2026[^,]*,mgr\.wang,Wang Wei,DECISION_RECORDED,[^,]+,,VERIFIED,,,ab12,cd34,/,
    );
  });

  it("keeps a cell that a spreadsheet would run as a formula as text", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) {
      const csv = auditCsv([row({ what: `${start}HYPERLINK("http://evil.example")` })]);
      const [, cells] = parse(csv, { relax_quotes: false }) as string[][];
      expect(cells?.[5], JSON.stringify(start)).toBe(`'${start}HYPERLINK("http://evil.example")`);
    }
    expect(auditCsv([row({ what: "=HYPERLINK(1)" })])).toContain(",'=HYPERLINK(1),");
    // A formula sign inside a cell is just text.
    expect(auditCsv([row({ what: "a=b" })])).toContain(",a=b,");
  });

  it("quotes commas, quotes and line breaks, so every cell reads back as it was", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r", "'", "é", "=", "-") });
    fc.assert(
      fc.property(
        fc.array(fc.record({ what: text, actorName: text, problem: fc.option(text) }), { maxLength: 5 }),
        (patches) => {
          const rows = patches.map((p) => row(p));
          const [header, ...records] = parse(auditCsv(rows)) as string[][];
          expect(header?.join(",")).toBe(HEADER);
          expect(records).toHaveLength(rows.length);
          const asText = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
          records.forEach((cells, i) => {
            const r = rows[i] as TimelineRow;
            expect(cells[3]).toBe(asText(r.actorName));
            expect(cells[5]).toBe(asText(r.what));
            expect(cells[9]).toBe(asText(r.problem ?? ""));
          });
        },
      ),
    );
  });
});
