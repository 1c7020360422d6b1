import { resolve } from "node:path";

/** The repository root: entries, the ASL file and the lockfile are resolved from here, not from the cwd. */
export const ROOT = resolve(import.meta.dirname, "..", "..");

export const fromRoot = (...parts: string[]): string => resolve(ROOT, ...parts);
