import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { POLICIES } from "../../../domain";
import { parseAssessArgs, UsageError } from "../../../infra/cli/assess-args";
import { progressLine } from "../../../infra/cli/jsonl";
import { waitFor } from "../../../infra/local/driver";
import { fixture } from "../../support/applications";
import { runCli } from "../../support/cli";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "applications");

const cli = (args: string[], stdin?: string) => runCli("infra/cli/assess.ts", args, stdin);

describe("npm run assess", () => {
  it("prints one assessment for a file, and the same bytes every time", () => {
    const first = cli([join(FIXTURES, "a2-wholesale.json")]);
    const second = cli([join(FIXTURES, "a2-wholesale.json")]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).maxLimit).toBe("16000000.00");
    expect(second.out).toBe(first.out);
  });

  it("reads standard input with -", () => {
    const r = cli(["-"], readFileSync(join(FIXTURES, "b2-manufacturing.json"), "utf8"));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).maxLimit).toBe("11000000.00");
  });

  it("assesses a batch line by line, reports bad lines in place and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "assess-"));
    const bad = fixture("a2-wholesale") as unknown as Record<string, unknown>;
    bad.applicationId = "APP-BAD";
    bad.annualDebtService = -1;
    const lines = [
      JSON.stringify(fixture("a2-wholesale")),
      JSON.stringify(bad),
      "{not json",
      JSON.stringify(fixture("micro-services")),
    ];
    const file = join(dir, "batch.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    const r = cli(["--batch", file]);
    expect(r.code).toBe(1);
    const out = r.out
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(4);
    expect(out[0].applicationId).toBe("APP-2026-000123");
    expect(out[1]).toEqual({
      applicationId: "APP-BAD",
      line: 2,
      errors: [{ path: "$.annualDebtService", message: expect.any(String) }],
    });
    expect(out[2].applicationId).toBeNull();
    expect(out[2].line).toBe(3);
    expect(out[2].errors[0].message).toMatch(/not valid JSON/);
    expect(out[3].salesGrade).toBe(0);
  });

  it("exits 0 on a batch of good lines", () => {
    const dir = mkdtempSync(join(tmpdir(), "assess-"));
    const file = join(dir, "ok.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify(fixture("a2-wholesale"))}\n${JSON.stringify(fixture("b2-manufacturing"))}\n`,
    );
    const r = cli(["--batch", file]);
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split("\n")).toHaveLength(2);
  });

  it("numbers bad lines as they are in the file, blank lines included, and writes nothing to a non-terminal stderr", () => {
    const dir = mkdtempSync(join(tmpdir(), "assess-"));
    const file = join(dir, "gaps.jsonl");
    writeFileSync(file, `${JSON.stringify(fixture("a2-wholesale"))}\n\n\n{"applicationId":"APP-X"}\n`);
    const r = cli(["--batch", file]);
    expect(r.code).toBe(1);
    expect(r.err).toBe("");
    const out = r.out.trimEnd().split("\n");
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[1] ?? "")).toMatchObject({ applicationId: "APP-X", line: 4 });
  });

  it("streams a batch: each line is answered before the next one is written", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "infra/cli/assess.ts", "--batch", "-"], {
      cwd: ROOT,
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
    });
    const answered = (n: number) =>
      waitFor(`${n} output line(s)`, async () => (out.split("\n").length > n ? true : undefined), 30_000);
    for (const [i, name] of (["a2-wholesale", "b2-manufacturing", "micro-services"] as const).entries()) {
      child.stdin.write(`${JSON.stringify(fixture(name))}\n`);
      // The input stays open: only a CLI that answers line by line gets here.
      await answered(i + 1);
    }
    child.stdin.end();
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code).toBe(0);
    expect(
      out
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l).applicationId),
    ).toEqual(["APP-2026-000123", "APP-2026-B2-MFG", fixture("micro-services").applicationId]);
  });

  it("compares from standard input, naming each refused line on stderr and counting it, exit 1", () => {
    const bad = fixture("a2-wholesale") as unknown as Record<string, unknown>;
    bad.applicationId = "APP-BAD";
    bad.annualDebtService = -1;
    const input = `${JSON.stringify(fixture("b2-manufacturing"))}\n${JSON.stringify(bad)}\n`;
    const r = cli(["--compare", "sme-standard-2026.1", "--format", "json", "-"], input);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^line 2 \(APP-BAD\) refused: \$\.annualDebtService /);
    expect(JSON.parse(r.out)).toMatchObject({ applications: 1, refused: 1, changed: 1 });
  });

  it("prints its usage and the known policies on --help, exit 0", () => {
    const r = cli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: npm run --silent assess/);
    expect(r.out).toContain("--compare OLD_ID");
    expect(r.out).toContain("sme-standard-2026.2 (default)");
    expect(r.out).toContain("sme-standard-2026.2-table (what-if)");
    expect(r.err).toBe("");
  });
});

describe("npm run assess, usage errors: one line naming the problem", () => {
  const FILE = join(FIXTURES, "a2-wholesale.json");
  // Every argument error, checked where the CLI checks them (before any input is read)…
  it.each([
    ["no input", [], /^no input: give a FILE, - for standard input, or --batch FILE\.jsonl$/],
    [
      "an unknown policy",
      ["--policy", "nope", FILE],
      /^unknown policy "nope" \(--policy\): known policies are sme-standard-2026\.1, sme-standard-2026\.2, sme-standard-2026\.2-table$/,
    ],
    ["several files", [FILE, FILE], /^assess reads one input, got 2 .*use --batch$/],
    ["several files for a batch", ["--batch", FILE, FILE], /^assess reads one input, got 2/],
    ["an unknown option", ["--frobnicate", FILE], /^unknown option --frobnicate$/],
    ["an option without its value", [FILE, "--policy"], /^--policy needs a value$/],
    ["an option whose value looks like an option", ["--policy", "--batch", FILE], /^--policy needs a value$/],
    ["a flag given a value", ["--batch=yes", FILE], /^--batch takes no value$/],
    ["--cases without --compare", ["--cases"], /^--cases reads the store for --compare only$/],
    ["--format without --compare", ["--format", "json", FILE], /^--format applies to --compare only$/],
    [
      "an unknown policy to compare with",
      ["--compare", "sme-standard-1999.1", FILE],
      /^unknown policy "sme-standard-1999\.1" \(--compare\): known policies are/,
    ],
    ["--compare without input", ["--compare", "sme-standard-2026.1"], /^--compare needs a FILE\.jsonl/],
    [
      "--compare with a file and --cases",
      ["--compare", "sme-standard-2026.1", "--cases", FILE],
      /^--cases reads the store: give no FILE with it/,
    ],
    [
      "an unknown format",
      ["--compare", "sme-standard-2026.1", "--format", "xml", FILE],
      /^--format must be table or json, got xml$/,
    ],
  ] as [string, string[], RegExp][])("%s", (_label, args, message) => {
    let thrown: unknown;
    try {
      parseAssessArgs(args, POLICIES);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain("\n");
  });

  // …and end to end: exit 2, the line on stderr, nothing on stdout, no stack trace.
  it.concurrent.each([
    [
      "an unknown policy",
      ["--policy", "nope", FILE],
      /^unknown policy "nope" \(--policy\): known policies are .* \(see --help\)$/,
    ],
    ["several files", [FILE, FILE], /^assess reads one input, got 2 .* \(see --help\)$/],
    ["an unknown option", ["--frobnicate"], /^unknown option --frobnicate \(see --help\)$/],
    [
      "a missing file",
      ["/nonexistent/app.json"],
      /^cannot read \/nonexistent\/app\.json: ENOENT: no such file or directory/,
    ],
    [
      "a missing batch file",
      ["--batch", "/nonexistent/apps.jsonl"],
      /^cannot read \/nonexistent\/apps\.jsonl: ENOENT/,
    ],
    ["a directory as a batch", ["--batch", FIXTURES], /^cannot read .*: .* is a directory$/],
  ] as [string, string[], RegExp][])("%s → exit 2", async (_label, args, message) => {
    const r = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "infra/cli/assess.ts", ...args],
      {
        cwd: ROOT,
      },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect("code" in r ? r.code : 0).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stderr.trimEnd()).toMatch(message);
  });
});

describe("the batch progress line", () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return {
      written,
      stream: { isTTY, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream,
    };
  };
  it("is rewritten in place on a terminal, every thousand lines, and ends with the total", () => {
    const tty = stream(true);
    const progress = progressLine("assessed", tty.stream);
    for (let n = 1; n <= 2500; n++) progress.at(n);
    progress.done(2500);
    expect(tty.written).toEqual([
      "\rassessed: 1,000 line(s)",
      "\rassessed: 2,000 line(s)",
      "\rassessed: 2,500 line(s)\n",
    ]);
  });
  it("stays silent when stderr is not a terminal", () => {
    const pipe = stream(false);
    const progress = progressLine("assessed", pipe.stream);
    for (let n = 1; n <= 2500; n++) progress.at(n);
    progress.done(2500);
    expect(pipe.written).toEqual([]);
  });
});
