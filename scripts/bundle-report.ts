import { BUNDLE_BUDGET_BYTES, bundleFunctions } from "../infra/aws/bundles";

/**
 * `npm run bundle-report`: every catalog function bundled exactly as the CDK app bundles it
 * (infra/aws/bundling.ts), with its minified size against the budget; `--top N` also lists the N
 * largest packages of each bundle. Exit 1 when a bundle is over its budget.
 */
const topIndex = process.argv.indexOf("--top");
const top = topIndex > 0 ? Number(process.argv[topIndex + 1] ?? 8) : 0;
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} KB`;

const bundles = await bundleFunctions();
const width = Math.max(...bundles.map((b) => b.name.length));
console.log(`${"function".padEnd(width)}  ${"minified".padStart(9)}  budget ${kb(BUNDLE_BUDGET_BYTES)}`);
for (const b of [...bundles].sort((x, y) => y.bytes - x.bytes)) {
  const over = b.bytes > BUNDLE_BUDGET_BYTES;
  console.log(`${b.name.padEnd(width)}  ${kb(b.bytes).padStart(9)}  ${over ? "OVER BUDGET" : "ok"}`);
  for (const [pkg, bytes] of b.byPackage.slice(0, top))
    console.log(`${"".padEnd(width)}    ${kb(bytes).padStart(9)}  ${pkg}`);
}
const over = bundles.filter((b) => b.bytes > BUNDLE_BUDGET_BYTES);
if (over.length > 0) {
  console.error(`over budget: ${over.map((b) => b.name).join(", ")}`);
  process.exit(1);
}
