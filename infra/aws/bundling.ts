import type { BuildOptions } from "esbuild";
import { fromRoot } from "./paths";

/**
 * How every Lambda is bundled, once: ProjectFunction hands these to the CDK's esbuild (as the
 * NodejsFunction options below), and `npm run bundle-report` and the bundle budget test hand the same
 * values to esbuild's API, so the sizes they measure are the sizes that deploy.
 */
export const LAMBDA_BUNDLE = {
  platform: "node",
  target: "node22",
  format: "esm",
  minify: true,
  sourcemap: true,
  // Mappings are enough for stack traces; embedding the sources would triple the upload.
  sourcesContent: false,
  mainFields: ["module", "main"],
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: "import{createRequire}from'node:module';const require=createRequire(import.meta.url);",
  tsconfig: fromRoot("tsconfig.json"),
  /** Package → module, resolved from the repository root (functions/adapters/aws/lambda-credentials.ts says why). */
  alias: {
    "@aws-sdk/credential-provider-node": "./functions/adapters/aws/lambda-credentials.ts",
  },
} as const;

/** The same options in esbuild's own terms, for bundling `entryPoints` (name → entry file) into `outdir`. */
export function esbuildOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return {
    entryPoints,
    outdir,
    bundle: true,
    platform: LAMBDA_BUNDLE.platform,
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    sourcesContent: LAMBDA_BUNDLE.sourcesContent,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    tsconfig: LAMBDA_BUNDLE.tsconfig,
    alias: { ...LAMBDA_BUNDLE.alias },
    absWorkingDir: fromRoot(),
    metafile: true,
    logLevel: "warning",
  };
}
