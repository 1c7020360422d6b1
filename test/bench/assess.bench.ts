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

/** One pass over the inputs: applications per second of wall time and per second of this process's CPU. */
function runOnce(): { wall: number; cpu: number } {
  let bytes = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const text of inputs) {
    const outcome = assessApplication(JSON.parse(text), policy);
    if (!outcome.ok)
      throw new Error(`generator produced a bad application: ${JSON.stringify(outcome.errors)}`);
    bytes += serializeAssessment(outcome.assessment).length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  if (bytes === 0) throw new Error("no output");
  return { wall: count / seconds, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

runOnce(); // warm-up: JIT and the policy's decimal cache
const runs = Array.from({ length: rounds }, runOnce);
const rates = runs.map((r) => r.wall).sort((a, b) => a - b);
const median = rates[Math.floor(rates.length / 2)] ?? 0;
const cpuRates = runs.map((r) => r.cpu).sort((a, b) => a - b);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `bench:assess  ${count} applications × ${rounds} rounds under ${policy.id}, node ${process.version}`,
);
console.log(
  `  median ${fmt(median)} assessments/s  (min ${fmt(rates[0] ?? 0)}, max ${fmt(rates.at(-1) ?? 0)})`,
);
console.log(`  target ≥ 20,000/s: ${median >= 20_000 ? "met" : "NOT met"}`);
// On a busy machine the wall figure measures the other processes too; per CPU-second of this process
// (its GC threads included, so if anything low) is near what an idle machine gives.
console.log(
  `  per CPU-second: median ${fmt(cpuRates[Math.floor(cpuRates.length / 2)] ?? 0)}/s  (min ${fmt(cpuRates[0] ?? 0)}, max ${fmt(cpuRates.at(-1) ?? 0)})`,
);
console.log(
  `  load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(", ")} on ${cpus().length} cores`,
);
