import type { InputProblem } from "../../../domain/application/parse";
import type { Tier } from "../../../domain/monitoring";
import type { BatchLine } from "./batch-lines";
import { type RecordDeps, recordSnapshot } from "./record-snapshot";

export interface BatchLineResult {
  line: number;
  caseId: string | null;
  snapshotId: string | null;
  status: "RECORDED" | "DUPLICATE" | "REFUSED";
  tier?: Tier | null;
  raised?: { from: Tier | null; to: Tier; dueAt: string } | null;
  code?: string;
  errors?: InputProblem[];
}

export interface BatchOutcome {
  recorded: number;
  duplicates: number;
  refused: number;
  lines: BatchLineResult[];
}

/**
 * The monthly upload: each line recorded as one snapshot would be (its own credit, its own conditional
 * append), in order; a refused line is answered by its line number and its problems and does not stop
 * the others, so a resent file records only what was missing (recorded ids answer as duplicates).
 */
export async function recordBatch(
  deps: RecordDeps,
  lines: readonly BatchLine[],
  caller: string,
): Promise<BatchOutcome> {
  const results: BatchLineResult[] = [];
  for (const l of lines) {
    if ("problem" in l) {
      results.push({
        line: l.line,
        caseId: l.caseId,
        snapshotId: null,
        status: "REFUSED",
        code: "INVALID_LINE",
        errors: [l.problem],
      });
      continue;
    }
    const out = await recordSnapshot(deps, l.caseId, l.snapshot, caller);
    const base = { line: l.line, caseId: l.caseId };
    switch (out.kind) {
      case "RECORDED":
        results.push({
          ...base,
          snapshotId: out.snapshotId,
          status: out.duplicate ? "DUPLICATE" : "RECORDED",
          tier: out.tier,
          raised: out.raised,
        });
        break;
      case "INVALID":
        results.push({
          ...base,
          snapshotId: out.snapshotId,
          status: "REFUSED",
          code: "INVALID_SNAPSHOT",
          errors: out.errors,
        });
        break;
      case "NOT_FOUND":
        results.push({
          ...base,
          snapshotId: null,
          status: "REFUSED",
          code: "NOT_FOUND",
          errors: [{ path: "$.caseId", message: `no case ${l.caseId}` }],
        });
        break;
      case "FORBIDDEN":
        results.push({
          ...base,
          snapshotId: null,
          status: "REFUSED",
          code: "FORBIDDEN",
          errors: [{ path: "$.caseId", message: out.message }],
        });
        break;
      case "NOT_APPROVED":
        results.push({
          ...base,
          snapshotId: null,
          status: "REFUSED",
          code: "NOT_APPROVED",
          errors: [
            {
              path: "$.caseId",
              message: `case ${l.caseId} is ${out.status}: only an approved credit is monitored`,
            },
          ],
        });
        break;
    }
  }
  const count = (s: BatchLineResult["status"]) => results.filter((r) => r.status === s).length;
  return {
    recorded: count("RECORDED"),
    duplicates: count("DUPLICATE"),
    refused: count("REFUSED"),
    lines: results,
  };
}
