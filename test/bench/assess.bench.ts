/**
 * `npm run bench:assess`: assessments per second in one process over N generated applications
 * (default 10,000), each parsed from JSON text, validated, assessed and serialized, as the CLI does.
 * Target (issues 2 and 13): ≥ 20,000/s on a 2-core machine. BENCH_POLICY picks another policy
 * version. The load average is printed beside the figure: on a shared machine it says how far from
 * idle the run was.
 */
import { cpus, loadavg } from "node:os";
import { assessApplication, getPolicy, serializeAssessment } from "../../domain";
import { generateApplication } from "../support/application-generator";

const count = Number(process.env.BENCH_COUNT ?? 10_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const policy = getPolicy(process.env.BENCH_POLICY || undefined);
const inputs = Array.from({ length: count }, (_, i) => JSON.stringify(generateApplication(i + 1)));

function runOnce(): number {
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (const text of inputs) {
    const outcome = assessApplication(JSON.parse(text), policy);
    if (!outcome.ok)
      throw new Error(`generator produced a bad application: ${JSON.stringify(outcome.errors)}`);
    bytes += serializeAssessment(outcome.assessment).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (bytes === 0) throw new Error("no output");
  return count / seconds;
}

runOnce(); // warm-up: JIT and the policy's decimal cache
const rates = Array.from({ length: rounds }, runOnce).sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `bench:assess  ${count} applications × ${rounds} rounds under ${policy.id}, node ${process.version}`,
);
console.log(
  `  median ${fmt(median)} assessments/s  (min ${fmt(rates[0] ?? 0)}, max ${fmt(rates.at(-1) ?? 0)})`,
);
console.log(`  target ≥ 20,000/s: ${median >= 20_000 ? "met" : "NOT met"}`);
console.log(
  `  load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")} on ${cpus().length} cores`,
);
