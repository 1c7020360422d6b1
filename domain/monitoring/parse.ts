import { type InputProblem, toProblems } from "../application/parse";
import { err, ok, type Result } from "../result";
import { type Snapshot, snapshotSchema } from "./snapshot-schema";

/** Validates a whole snapshot: every problem at once, by JSON path, or the typed snapshot. */
export function parseSnapshot(input: unknown): Result<Snapshot, InputProblem[]> {
  const parsed = snapshotSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  return err(toProblems(parsed.error.issues));
}
