/**
 * `npm run bench:circles`: finding every guarantee circle of a generated book of 100,000 parties and
 * 300,000 guarantees (seeded; circles planted on top of guarantees that never close one). Times the
 * search in one process (parse + find, and find alone) and `npm run --silent circles` end to end on
 * the same book as a file, and checks every planted circle is found and every circle found is real.
 * Target (issue 10): under 5 s.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Circle, findCircles, parseBookLines } from "../../domain";
import { generateBook } from "../support/book-generator";

const parties = Number(process.env.BENCH_PARTIES ?? 100_000);
const guarantees = Number(process.env.BENCH_GUARANTEES ?? 300_000);
const planted = Number(process.env.BENCH_CIRCLES ?? 500);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const ROOT = resolve(import.meta.dirname, "..", "..");

const book = generateBook({ parties, guarantees, circles: planted, seed: 10 });
const text = `${book.exposures.map((e) => JSON.stringify({ kind: "exposure", ...e })).join("\n")}\n${book.edges
  .map((e) => JSON.stringify({ kind: "guarantee", ...e }))
  .join("\n")}`;
const dir = mkdtempSync(join(tmpdir(), "bench-circles-"));
const file = join(dir, "book.jsonl");
writeFileSync(file, text);

function seconds<T>(run: () => T): [number, T] {
  const start = process.hrtime.bigint();
  const value = run();
  return [Number(process.hrtime.bigint() - start) / 1e9, value];
}

function check(circles: { members: string[] }[]): void {
  const found = circles.map((c) => new Set(c.members));
  const missing = book.planted.filter((p) => !found.some((members) => p.every((m) => members.has(m))));
  const unreal = circles.filter((c) => !book.planted.some((p) => p.every((m) => c.members.includes(m))));
  if (missing.length > 0 || unreal.length > 0)
    throw new Error(`${missing.length} planted circle(s) missed, ${unreal.length} circle(s) not planted`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const parseAndFind: number[] = [];
const findOnly: number[] = [];
let circles: Circle[] = [];
for (let r = 0; r < rounds; r++) {
  const [t1, parsed] = seconds(() => parseBookLines(text));
  if (!parsed.ok) throw new Error(`generated book refused: ${JSON.stringify(parsed.error.slice(0, 3))}`);
  const [t2, found] = seconds(() => findCircles(parsed.value));
  parseAndFind.push(t1 + t2);
  findOnly.push(t2);
  circles = found;
}
check(circles);

const cli: number[] = [];
for (let r = 0; r < rounds; r++) {
  const [t, run] = seconds(() =>
    spawnSync("npm", ["run", "--silent", "circles", "--", file], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 1 << 28,
    }),
  );
  if (run.status !== 0) throw new Error(`circles CLI failed (${run.status}): ${run.stderr}`);
  const lines = run.stdout
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as { members: string[] });
  check(lines);
  cli.push(t);
}
rmSync(dir, { recursive: true, force: true });

const f = (s: number) => `${s.toFixed(2)} s`;
const inCircles = circles.reduce((n, c) => n + c.members.length, 0);
console.log(
  `bench:circles  ${parties.toLocaleString("en-US")} parties, ${book.guaranteeCount.toLocaleString("en-US")} guarantees, ${book.planted.length} planted circles; node ${process.version}, ${rounds} rounds`,
);
console.log(`  found ${circles.length} circles (${inCircles} parties), every planted one and no other`);
console.log(`  find (graph + Tarjan + totals)       median ${f(median(findOnly))}`);
console.log(
  `  parse ${(text.length / 1e6).toFixed(1)} MB of JSON lines + find    median ${f(median(parseAndFind))}`,
);
console.log(`  npm run --silent circles (end to end) median ${f(median(cli))}`);
console.log(`  target < 5 s end to end: ${median(cli) < 5 ? "met" : "NOT met"}`);
