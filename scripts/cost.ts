/**
 * `npm run cost [-- COUNTS.json]`: writes docs/cost.md from the counts a bench:load run wrote.
 * Given a file, it becomes docs/cost-counts.json first (the counts the page is made from, kept in the
 * repository); without one, the page is made again from docs/cost-counts.json.
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LoadCounts } from "../test/bench/load/counts";
import { CASES, COST_PAGE, COUNTS_FILE, perCaseLines, renderCostPage } from "./cost-model";

const source = process.argv[2];
if (source) copyFileSync(resolve(source), COUNTS_FILE);
const counts = JSON.parse(readFileSync(COUNTS_FILE, "utf8")) as LoadCounts;
writeFileSync(COST_PAGE, renderCostPage(counts));
const total = perCaseLines(counts).reduce((n, l) => n + l.usd, 0);
console.log(
  `docs/cost.md written from ${source ?? "docs/cost-counts.json"}: $${(total * CASES).toFixed(2)} per ${CASES.toLocaleString("en-US")} cases`,
);
