import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { parseApplication } from "../../domain";
import { PORT_NAMES, type PortName, WRITE_KINDS } from "../../functions/app/ports";
import { BUNDLE_BUDGET_BYTES, bundleFunctions, type FunctionBundle } from "../../infra/aws/bundles";
import { esbuildOptions } from "../../infra/aws/bundling";
import { FUNCTIONS } from "../../infra/catalog";
import { PROBE_INPUT } from "../support/zod-probe-input";

/**
 * Every catalog function bundled as it deploys (infra/aws/bundling.ts, the options the CDK app uses),
 * in one esbuild run: the budget, and the ports each bundle really builds against the ports its
 * catalog entry names.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
/** The wiring module of a port: functions/wiring/<port in kebab case>.ts (the write kinds have none). */
const wiringOf = (port: PortName) => `functions/wiring/${kebab(port)}.ts`;
const MODULE_PORTS = PORT_NAMES.filter((p) => !(WRITE_KINDS as readonly string[]).includes(p));

let bundles: FunctionBundle[];

beforeAll(async () => {
  bundles = await bundleFunctions();
}, 120_000);

const bundleOf = (name: string) => {
  const b = bundles.find((x) => x.name === name);
  if (!b) throw new Error(`no bundle for ${name}`);
  return b;
};

/** The write kinds a handler gives its case writer: the string arguments of `caseWriter(...)`. */
function writeKindsIn(entry: string): string[] {
  const source = readFileSync(join(ROOT, entry), "utf8");
  return [...source.matchAll(/caseWriter\(([^)]*)\)/g)].flatMap((m) =>
    [...(m[1] ?? "").matchAll(/"([^"]+)"/g)].map((k) => k[1] ?? ""),
  );
}

describe("each function's bundle", () => {
  it(`stays within its budget of ${BUNDLE_BUDGET_BYTES / 1000} KB minified`, () => {
    const over = bundles
      .filter((b) => b.bytes > BUNDLE_BUDGET_BYTES)
      .map((b) => `${b.name}: ${b.bytes} bytes`);
    expect(over).toEqual([]);
    expect(bundles).toHaveLength(FUNCTIONS.length);
  });

  it("has a wiring module for every port that is not a write kind", () => {
    for (const port of MODULE_PORTS)
      expect(existsSync(join(ROOT, wiringOf(port))), wiringOf(port)).toBe(true);
  });

  it("builds exactly the ports its catalog entry names: a port built but not named, or named but not built, fails", () => {
    for (const spec of FUNCTIONS) {
      const inputs = new Set(bundleOf(spec.name).inputs);
      const built = [
        ...MODULE_PORTS.filter((port) => inputs.has(wiringOf(port))),
        ...writeKindsIn(spec.entry),
      ].sort();
      expect(built, spec.name).toEqual([...spec.ports].sort());
    }
  });

  it("leaves out the SDK clients of ports a function does not name", () => {
    const client = (pkg: string) => (b: FunctionBundle) => b.byPackage.some(([p]) => p === pkg);
    const users = (pkg: string) =>
      bundles
        .filter(client(pkg))
        .map((b) => b.name)
        .sort();
    const naming = (...ports: PortName[]) =>
      FUNCTIONS.filter((f) => ports.some((p) => f.ports.includes(p)))
        .map((f) => f.name)
        .sort();
    expect(users("@aws-sdk/client-sfn")).toEqual(naming("workflowStarts", "taskAnswers", "workflowRuns"));
    expect(users("@aws-sdk/client-sesv2")).toEqual(naming("mailer"));
    expect(users("@aws-sdk/client-secrets-manager")).toEqual(naming("links"));
    expect(users("@aws-sdk/client-s3")).toEqual([]);
    expect(users("@aws-sdk/credential-provider-node")).toEqual([]);
  });

  it("keeps zod's classic API out, and configures zod/mini's English messages wherever a schema is bundled", () => {
    for (const b of bundles) {
      expect(
        b.inputs.filter((i) => i.includes("node_modules/zod/v4/classic/")),
        b.name,
      ).toEqual([]);
      if (b.inputs.some((i) => i.includes("node_modules/zod/")))
        expect(b.inputs, b.name).toContain("domain/zod.ts");
    }
  });

  it("gives the same problems, in the same words, bundled as unbundled", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zod-probe-"));
    try {
      await build(esbuildOptions({ probe: join(ROOT, "test/support/zod-probe.ts") }, dir));
      writeFileSync(join(dir, "package.json"), '{"type":"module"}');
      const run = spawnSync(process.execPath, [join(dir, "probe.js")], { encoding: "utf8" });
      expect(run.stderr).toBe("");
      const unbundled = parseApplication(PROBE_INPUT);
      expect(unbundled.ok).toBe(false);
      expect(JSON.stringify(unbundled)).toContain("must be a text id");
      expect(JSON.parse(run.stdout)).toEqual(JSON.parse(JSON.stringify(unbundled)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
