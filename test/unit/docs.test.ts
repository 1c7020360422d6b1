import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assess, foldEvents, getPolicy, type RecordedEvent } from "../../domain";
import { caseView } from "../../functions/app/workflow/queries";
import { fixture } from "../support/applications";
import { runCliAsync } from "../support/cli";
import { anchors, differences, fences, fieldPath, isExternal, links, valueAt } from "../support/markdown";

const ROOT = resolve(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const DOCUMENTS = ["README.md", ...readdirSync(join(ROOT, "docs")).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith(".md"),
);

/** Every file of the repository as its own working tree holds it, minus what git ignores. */
function repositoryFiles(dir = ROOT): string[] {
  const skipped = new Set([".git", "node_modules", "cdk.out", ".data", "coverage"]);
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (skipped.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? repositoryFiles(path) : [relative(ROOT, path)];
  });
}

function textOf(file: string): string | null {
  const bytes = readFileSync(join(ROOT, file));
  return bytes.includes(0) ? null : bytes.toString("utf8");
}

/**
 * Released versioned data (policy versions, portfolio plans) is pinned byte for byte by its content
 * hash: the 2026.1 policy's title names the brief this project started from, and rewriting it would
 * make every case recorded under that version unreproducible. Those files are read, never edited.
 */
function pinnedFiles(): Set<string> {
  const pinned = (dir: string) =>
    Object.keys(JSON.parse(read(`${dir}/released.json`)) as Record<string, string>).map(
      (id) => `${dir}/${id}.json`,
    );
  return new Set([...pinned("domain/policy/versions"), ...pinned("domain/portfolio/plans")]);
}

// Built from parts, so this file does not name what it forbids.
const BRIEF = new RegExp(String.raw`\b(?:${["POLICY", "CONTRACT", "DESIGN"].join("|")})\.md\b`);
const BRIEF_DIR = new RegExp(["", "work", "shared"].join("/"));
// A sibling folder of the repository, reached from any depth (from a nested file it would resolve inside).
const BRIEF_SIBLING = new RegExp(String.raw`(?:\.\./)+${"shared"}/(?:seeds\b|[A-Z][A-Z_-]*\.md\b)`);

describe("the repository explains itself", () => {
  it("cites no document outside the repository, by name or by a path that leaves it", () => {
    const pinned = pinnedFiles();
    const offenders: string[] = [];
    for (const file of repositoryFiles()) {
      const text = textOf(file);
      if (text === null) continue;
      text.split("\n").forEach((line, i) => {
        const where = `${file}:${i + 1}`;
        if (BRIEF.test(line) && !pinned.has(file)) offenders.push(`${where} names ${BRIEF.exec(line)?.[0]}`);
        if (BRIEF_DIR.test(line) || BRIEF_SIBLING.test(line))
          offenders.push(`${where} points into the brief's folder`);
        for (const m of line.matchAll(/(?<![\w./-])((?:\.\.\/)+[\w.-]*)/g)) {
          const target = resolve(ROOT, dirname(file), m[1] ?? "");
          if (relative(ROOT, target).startsWith(".."))
            offenders.push(`${where} leaves the repository: ${m[1]}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });

  it.each(DOCUMENTS)(
    "%s: every relative link resolves to a file (and a heading) of the repository",
    (doc) => {
      const text = read(doc);
      const broken: string[] = [];
      for (const link of links(text)) {
        if (link.target === null) {
          broken.push(`[${link.text}][${link.label}]: no such reference`);
          continue;
        }
        if (isExternal(link.target)) continue;
        const [path = "", anchor] = link.target.split("#");
        const file = path === "" ? doc : relative(ROOT, resolve(ROOT, dirname(doc), path));
        if (file.startsWith("..") || !existsSync(join(ROOT, file))) {
          broken.push(`${link.target}: no such file`);
          continue;
        }
        if (anchor !== undefined && file.endsWith(".md") && !anchors(read(file)).has(anchor))
          broken.push(`${link.target}: no such heading in ${file}`);
      }
      expect(broken).toEqual([]);
    },
  );

  it.each(DOCUMENTS)("%s: every field linked in a JSON data file exists there", (doc) => {
    const missing: string[] = [];
    for (const link of links(read(doc))) {
      const path = fieldPath(link.text);
      if (!path || !link.target || isExternal(link.target) || !link.target.endsWith(".json")) continue;
      const file = relative(ROOT, resolve(ROOT, dirname(doc), link.target));
      if (valueAt(JSON.parse(read(file)), path) === undefined) missing.push(`${link.text} in ${file}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("docs/policy.md §9 names every field on which the versions differ", () => {
  const policyDoc = read("docs/policy.md");
  const section = policyDoc.slice(policyDoc.indexOf("\n## 9."), policyDoc.indexOf("\n[v1]:"));
  const linked = links(section, policyDoc).flatMap((l) => {
    const path = fieldPath(l.text);
    return path && l.target?.includes("/policy/versions/") ? [path] : [];
  });
  const version = (id: string) => JSON.parse(read(`domain/policy/versions/${id}.json`)) as unknown;

  it.each([
    ["sme-standard-2026.1", "sme-standard-2026.2"],
    ["sme-standard-2026.2", "sme-standard-2026.2-table"],
  ])("from %s to %s", (from, to) => {
    const unnamed = differences(version(from), version(to)).filter(
      (diff) => !linked.some((path) => path.length <= diff.length && path.every((s, i) => s === diff[i])),
    );
    expect(section.length).toBeGreaterThan(1000);
    expect(unnamed.map((p) => p.join("."))).toEqual([]);
  });
});

/** A fenced block preceded by an HTML comment saying where its content comes from. */
function sourcedBlocks(doc: string, kind: string) {
  const text = read(doc);
  return fences(text).flatMap((fence) => {
    const before = text.slice(0, fence.start).trimEnd();
    const m = new RegExp(`<!-- ${kind}: ([^>]*?) -->$`).exec(before);
    return m?.[1] ? [{ source: m[1], fence }] : [];
  });
}

const compact = (jsonText: string) => JSON.stringify(JSON.parse(jsonText));

describe("docs/contracts.md shows what the code prints", () => {
  const examples = sourcedBlocks("docs/contracts.md", "cli").map(({ source, fence }) => {
    const m = /^(\w+) (.*) \(exit (\d)\)$/.exec(source);
    if (!m) throw new Error(`cannot read the example marker "${source}"`);
    return {
      command: `${m[1]} ${m[2]}`,
      script: `infra/cli/${m[1]}.ts`,
      args: (m[2] ?? "").split(/\s+/),
      exit: Number(m[3]),
      fence,
    };
  });
  const outputs = new Map<string, { code: number | null; out: string; err: string }>();

  beforeAll(async () => {
    const runs = await Promise.all(examples.map((e) => runCliAsync(e.script, e.args)));
    examples.forEach((e, i) => {
      const run = runs[i];
      if (run) outputs.set(e.command, run);
    });
  });

  it("has the examples it promises", () => {
    expect(examples.map((e) => e.command.split(" ")[0])).toEqual(
      expect.arrayContaining(["assess", "circles"]),
    );
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  it.each(examples.map((e) => [e.command, e] as const))("%s", (_command, example) => {
    const run = outputs.get(example.command);
    expect(run?.code, run?.err).toBe(example.exit);
    const out = run?.out ?? "";
    const { lang, body } = example.fence;
    if (lang === "json") expect(compact(out)).toBe(compact(body));
    else if (lang === "jsonl")
      expect(out.trimEnd().split("\n").map(compact)).toEqual(body.trimEnd().split("\n").map(compact));
    else expect(out.trimEnd()).toBe(body.trimEnd());
  });

  it("shows the fixture files it says it shows", () => {
    const shown = sourcedBlocks("docs/contracts.md", "file");
    expect(shown.length).toBeGreaterThan(0);
    for (const { source, fence } of shown) expect(compact(fence.body), source).toBe(compact(read(source)));
  });

  it("shows a case view with exactly the fields the code gives one", () => {
    const shape = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.length === 0 ? [] : [shape(v[0])];
      if (v === null || typeof v !== "object") return v === null ? null : typeof v;
      const o = v as Record<string, unknown>;
      return Object.fromEntries(Object.keys(o).map((k) => [k, shape(o[k])]));
    };
    const app = fixture("b2-manufacturing");
    const at = "2026-11-23T19:21:24.949Z";
    const events: RecordedEvent[] = [
      { type: "CASE_SUBMITTED", payload: { caseVersion: 1, application: app }, seq: 1, at, actor: "rm.chen" },
      {
        type: "CASE_ASSESSED",
        payload: { caseVersion: 1, assessment: assess(app, getPolicy()) },
        seq: 2,
        at,
        actor: "system",
      },
      {
        type: "STAGE_OPENED",
        payload: {
          stage: "MANAGER",
          attempt: 1,
          slaSeconds: 86_400,
          approvals: [{ approvalId: "APR-1", approverId: "mgr.wang" }],
        },
        seq: 3,
        at,
        actor: "system",
      },
    ];
    const state = foldEvents("CASE-1", events);
    if (!state) throw new Error("the events fold to no case");
    const [shown] = sourcedBlocks("docs/contracts.md", "shape");
    expect(shown?.source).toBe("case-view");
    expect(shape(JSON.parse(shown?.fence.body ?? "null"))).toEqual(shape(caseView(state)));
  });
});
