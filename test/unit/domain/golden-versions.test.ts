import { describe, expect, it } from "vitest";
import { policyVersions } from "../../../domain";
import { goldenLine, readGolden } from "../../support/golden-versions";

/**
 * Every registered policy version keeps giving the bytes it gave when the golden was written (at
 * commit 7bd935d, before the assessment's arithmetic moved off decimal.js), for 1,500 generated and
 * 969 edge-case applications: amounts up to the 15 integer digits the schema accepts, "-0", zero
 * denominators, values on a threshold. Cases recorded under any version must reproduce byte for byte, whatever the code
 * underneath becomes. See test/fixtures/golden/write-all-versions.ts.
 */
const { inputs, lines } = readGolden();
const versionOf = (line: string) => line.slice(0, line.indexOf("\t"));
const versions = [...new Set(lines.map(versionOf))];

describe("the every-version golden", () => {
  it("covers only registered versions, each once per application", () => {
    expect(versions.length).toBeGreaterThanOrEqual(3);
    for (const id of versions) expect(policyVersions()).toContain(id);
    expect(lines).toHaveLength(inputs.length * versions.length);
  });

  it.each(versions)("gives the golden bytes under %s", (id) => {
    const golden = lines.filter((line) => versionOf(line) === id);
    const now = inputs.map((input) => goldenLine(id, input));
    // Byte for byte; the first differing line only makes a failure readable.
    const at = now.findIndex((line, i) => line !== golden[i]);
    if (at >= 0) expect(now[at], `application ${at + 1} under ${id}`).toBe(golden[at]);
    expect(now).toEqual(golden);
  });

  it("tells the versions apart, so the comparison means something", () => {
    const outputs = (id: string) =>
      lines.filter((line) => versionOf(line) === id).map((line) => line.slice(line.indexOf("\t")));
    const [first, ...rest] = versions.map(outputs);
    for (const other of rest) expect(other).not.toEqual(first);
  });
});
