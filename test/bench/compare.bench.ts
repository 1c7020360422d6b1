/**
 * `npm run bench:compare`: wall time of the real command `npm run --silent assess -- --compare
 * sme-standard-2026.1 FILE.jsonl` (process start included) over N generated applications (default
 * 10,000), median of a few rounds. Target (issue 15): the impact table in under 5 s.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateApplication } from "../support/application-generator";

const count = Number(process.env.BENCH_COUNT ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const ROOT = join(import.meta.dirname, "..", "..");
const file = join(mkdtempSync(join(tmpdir(), "bench-compare-")), "batch.jsonl");
writeFileSync(
  file,
  `${Array.from({ length: count }, (_, i) => JSON.stringify(generateApplication(i + 1))).join("\n")}\n`,
);

let table = "";
const seconds = Array.from({ length: rounds }, () => {
  const start = process.hrtime.bigint();
  table = execFileSync(
    process.execPath,
    ["--import", "tsx", "infra/cli/assess.ts", "--compare", "sme-standard-2026.1", file],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
}).sort((a, b) => a - b);
const median = seconds[Math.floor(seconds.length / 2)] ?? 0;
console.log(table);
console.log(`bench:compare  ${count} applications × ${rounds} rounds, node ${process.version}`);
console.log(
  `  median ${median.toFixed(2)} s  (min ${seconds[0]?.toFixed(2)}, max ${seconds.at(-1)?.toFixed(2)})`,
);
console.log(`  target < 5 s: ${median < 5 ? "met" : "NOT met"}`);
