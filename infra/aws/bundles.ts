import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { FUNCTIONS, type FunctionSpec } from "../catalog";
import { esbuildOptions } from "./bundling";
import { ROOT } from "./paths";

/**
 * Every function's budget: the minified bundle esbuild writes (index.mjs, without its source map).
 * Under it a function deploys and cold-starts in well under a second; a function that grows past it
 * fails the bundle test, which names it.
 */
export const BUNDLE_BUDGET_BYTES = 500_000;

export interface FunctionBundle {
  name: string;
  /** Bytes of the minified bundle. */
  bytes: number;
  /** The files the bundle contains code from, relative to the repository root (node_modules included). */
  inputs: string[];
  /** Bytes per package (or per top-level folder of ours) in the bundle, largest first. */
  byPackage: [string, number][];
}

function packageOf(input: string): string {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m?.[1]) return m[1];
  return input.split("/").slice(0, 2).join("/");
}

/**
 * Bundles the catalog's functions with the deployed options in one esbuild run (in a scratch folder,
 * removed after) and reports each bundle's size and contents. Seconds, not a `cdk synth`.
 */
export async function bundleFunctions(
  functions: readonly FunctionSpec[] = FUNCTIONS,
): Promise<FunctionBundle[]> {
  const outdir = mkdtempSync(join(tmpdir(), "bundles-"));
  try {
    const entries = Object.fromEntries(functions.map((f) => [f.name, f.entry]));
    const result = await build(esbuildOptions(entries, outdir));
    const outputs = result.metafile?.outputs ?? {};
    return functions.map((f) => {
      const file = Object.keys(outputs).find((k) => k.endsWith(`/${f.name}.js`));
      const output = file ? outputs[file] : undefined;
      if (!output) throw new Error(`esbuild wrote no bundle for ${f.name}`);
      const inputs = Object.entries(output.inputs).filter(([, i]) => i.bytesInOutput > 0);
      const byPackage = new Map<string, number>();
      for (const [input, i] of inputs) {
        const key = packageOf(input);
        byPackage.set(key, (byPackage.get(key) ?? 0) + i.bytesInOutput);
      }
      return {
        name: f.name,
        bytes: output.bytes,
        inputs: inputs.map(([input]) => relative(ROOT, join(ROOT, input))),
        byPackage: [...byPackage.entries()].sort((a, b) => b[1] - a[1]),
      };
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
