import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../support/cli";
import { exposure, uscc } from "../../support/portfolio";

const cli = (args: string[], stdin?: string) => runCli("infra/cli/circles.ts", args, stdin);

/** Firms 1 → 2 → 3 → 1 guarantee each other (one edge known outside the cases); firm 4 hangs off 1. */
function bookText(): string {
  const line = (fields: Parameters<typeof exposure>[0]) =>
    JSON.stringify({ kind: "exposure", ...exposure(fields) });
  const g = (n: number, amount = "250000.00") => ({ guarantorPartyId: uscc(n), amount });
  return [
    line({ caseId: "CASE-1", partyId: uscc(1), total: "1200000.00", guarantees: [g(3)] }),
    line({ caseId: "CASE-2", partyId: uscc(2), total: "3000000.00", guarantees: [g(1)] }),
    "",
    line({ caseId: "CASE-4", partyId: uscc(4), total: "50.00", guarantees: [g(1)] }),
    JSON.stringify({ kind: "guarantee", guarantor: uscc(2), borrower: uscc(3), amount: "999.99" }),
  ].join("\n");
}

describe("npm run circles", () => {
  it("prints every circle of a book as JSON lines, the same bytes every time, from a file or stdin", () => {
    const dir = mkdtempSync(join(tmpdir(), "circles-"));
    const file = join(dir, "book.jsonl");
    writeFileSync(file, bookText());
    const first = cli([file]);
    expect(first.code).toBe(0);
    expect(
      first.out
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        circle: 1,
        size: 3,
        totalExposure: "4200000.00",
        totalGuaranteed: "500999.99",
        members: [uscc(1), uscc(2), uscc(3)],
        cases: ["CASE-1", "CASE-2"],
        guarantees: [
          { guarantor: uscc(1), borrower: uscc(2), amount: "250000.00" },
          { guarantor: uscc(2), borrower: uscc(3), amount: "999.99" },
          { guarantor: uscc(3), borrower: uscc(1), amount: "250000.00" },
        ],
      },
    ]);
    expect(cli(["-"], bookText()).out).toBe(first.out);
  });

  it("prints a table for people with grouped amounts and a summary", () => {
    const r = cli(["--format", "table", "-"], bookText());
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^#\s+parties\s+exposure \(CNY\)\s+guaranteed \(CNY\)\s+members$/);
    expect(lines[1]).toMatch(
      new RegExp(`^1\\s+3\\s+4,200,000.00\\s+500,999.99\\s+${uscc(1)}, ${uscc(2)}, ${uscc(3)}$`),
    );
    expect(lines[2]).toBe("1 guarantee circle(s), 3 of 4 parties, over 4 guarantees");
  });

  it("names each bad line of a book by line and path and exits 1 with nothing on stdout", () => {
    const bad = bookText().split("\n");
    bad[1] = bad[1]?.replace('"total":"3000000.00"', '"total":"3000000.01"') ?? "";
    bad.push('{"kind":"loan"}', "{nope");
    const r = cli(["-"], bad.join("\n"));
    expect([r.code, r.out]).toEqual([1, ""]);
    expect(r.err.trimEnd().split("\n")).toEqual([
      "line 2: $.total: must be the facilities' sum 3000000.00",
      'line 6: $.kind: must be "exposure" or "guarantee"',
      expect.stringMatching(/^line 7: \$: not valid JSON: /),
    ]);
  });

  it("answers --help, and a usage mistake with one line and exit 2", () => {
    const help = cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: npm run --silent circles -- \[--format jsonl\|table\] FILE\.jsonl\|-/);
    expect(help.out).toContain('{"kind":"guarantee","guarantor":PARTY');
    for (const args of [
      [],
      ["--format", "xml", "-"],
      ["--bogus", "x"],
      ["a.jsonl", "b.jsonl"],
      ["/nonexistent/book.jsonl"],
    ]) {
      const r = cli(args);
      expect([r.code, r.out, r.err.trimEnd().split("\n").length]).toEqual([2, "", 1]);
      expect(r.err).toMatch(/^circles: /);
    }
  });
});
