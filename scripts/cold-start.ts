import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { esbuildOptions } from "../infra/aws/bundling";
import { fromRoot } from "../infra/aws/paths";

/**
 * `npm run bench:cold-start [-- --runs N] [-- --function NAME]`: the cold module load of a read-only
 * catalog function (get-case by default) against a minimal DynamoDB-only handler, both bundled with
 * the deployed options (infra/aws/bundling.ts). Each run is a fresh Node process that imports the
 * bundle (the handler builds its ports at load, as in a Lambda's init) and exits; the two are run in
 * alternating pairs so that whatever else the machine does falls on both. Reported: the medians of
 * whole-process wall time and peak RSS, and their ratios (target ≤ 1.2×).
 */
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const runs = Number(arg("--runs", "41"));
const fn = arg("--function", "get-case");

const dir = mkdtempSync(join(tmpdir(), "cold-start-"));
// What Lambda gives the function at init, with the values this measurement needs (no request is made).
const env = {
  PATH: process.env.PATH ?? "",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "cold-start",
  AWS_SECRET_ACCESS_KEY: "cold-start",
  AWS_SESSION_TOKEN: "cold-start",
  TABLE_NAME: "cases",
  DIRECTORY_FILE: fromRoot("infra/local/directory.json"),
  POWERTOOLS_SERVICE_NAME: fn,
  POWERTOOLS_METRICS_NAMESPACE: "SmeCreditApproval/cold-start",
};

interface Sample {
  ms: number;
  /** CPU time (user + system) of the whole process: what a busy machine changes least. */
  cpuMs: number;
  rssKb: number;
}

function load(bundle: string): Sample {
  const probe = `await import(${JSON.stringify(pathToFileURL(bundle).href)});const u=process.resourceUsage();process.stdout.write(JSON.stringify({rss:u.maxRSS,cpu:(u.userCPUTime+u.systemCPUTime)/1000}));`;
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", probe], { env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`loading ${bundle} failed:\n${child.stderr}`);
  const out = JSON.parse(child.stdout) as { rss: number; cpu: number };
  return { ms, cpuMs: out.cpu, rssKb: out.rss };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

try {
  const entries = {
    minimal: fromRoot("scripts/cold-start/minimal-handler.ts"),
    [fn]: fromRoot(`functions/${fn}/handler.ts`),
  };
  const result = await build(esbuildOptions(entries, dir));
  const bytes = (name: string) =>
    Object.entries(result.metafile?.outputs ?? {}).find(([k]) => k.endsWith(`/${name}.js`))?.[1].bytes ?? 0;
  // ESM bundles: give the folder a package.json so Node loads the .js files as modules.
  writeFileSync(join(dir, "package.json"), '{"type":"module"}');
  const minimal = join(dir, "minimal.js");
  const subject = join(dir, `${fn}.js`);
  load(minimal);
  load(subject);
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    // Alternate which goes first, so neither always runs on the warmer page cache.
    if (i % 2 === 0) {
      a.push(load(minimal));
      b.push(load(subject));
    } else {
      b.push(load(subject));
      a.push(load(minimal));
    }
  }
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  const row = (label: string, size: number, s: Sample[]) =>
    `${label.padEnd(26)} ${`${(size / 1000).toFixed(1)} KB`.padStart(9)} ${ms(median(s.map((x) => x.ms)))} ${ms(median(s.map((x) => x.cpuMs)))} ${`${(median(s.map((x) => x.rssKb)) / 1024).toFixed(1)} MB`.padStart(9)}`;
  console.log(`${runs} paired runs, whole process (node start, import of the bundle, exit), medians`);
  console.log(
    `${"".padEnd(26)} ${"bundle".padStart(9)} ${"wall".padStart(10)} ${"CPU".padStart(10)} ${"peak RSS".padStart(9)}`,
  );
  console.log(row("minimal DynamoDB handler", bytes("minimal"), a));
  console.log(row(fn, bytes(fn), b));
  const ratio = (f: (x: Sample) => number) => (median(b.map(f)) / median(a.map(f))).toFixed(2);
  const pairRatios = a.map((x, i) => (b[i]?.ms ?? 0) / x.ms);
  console.log(
    `ratio ${fn} / minimal: wall ${ratio((x) => x.ms)}× (median of paired ratios ${median(pairRatios).toFixed(2)}×), CPU ${ratio((x) => x.cpuMs)}×, peak RSS ${ratio((x) => x.rssKb)}×  (target ≤ 1.2×)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
