import { z } from "zod";
import { type InputProblem, toProblems } from "../application/parse";
import { partyIdSchema } from "../application/party-id";
import { type Exposure, exposureSchema } from "../portfolio/exposure";
import { moneyText } from "../portfolio/money";
import { err, ok, type Result } from "../result";
import type { GuaranteeBook, GuaranteeEdge } from "./book";

/**
 * A loan book as JSON lines, one object per line (blank lines are skipped):
 * - `{"kind":"exposure", …}` an open exposure, the fields of `Exposure` (its guarantees included);
 * - `{"kind":"guarantee","guarantor":P,"borrower":P,"amount":"…","caseId":…}` a guarantee known
 *   outside the book's exposures (caseId optional).
 * A case id appears on one exposure line at most.
 */
const guaranteeLineSchema = z.object({
  kind: z.literal("guarantee"),
  guarantor: partyIdSchema,
  borrower: partyIdSchema,
  amount: moneyText,
  caseId: z.string().trim().min(1).max(128).nullable().optional(),
});

export interface LineProblem extends InputProblem {
  line: number;
}

type ParsedLine = { exposure: Exposure } | { edge: GuaranteeEdge } | { problems: InputProblem[] };

function parseLine(raw: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return { problems: [{ path: "$", message: `not valid JSON: ${e instanceof Error ? e.message : e}` }] };
  }
  const kind = (json as { kind?: unknown } | null)?.kind;
  if (kind === "exposure") {
    const { kind: _kind, ...fields } = json as Record<string, unknown>;
    const parsed = exposureSchema.safeParse(fields);
    return parsed.success ? { exposure: parsed.data } : { problems: toProblems(parsed.error.issues) };
  }
  if (kind === "guarantee") {
    const parsed = guaranteeLineSchema.safeParse(json);
    if (!parsed.success) return { problems: toProblems(parsed.error.issues) };
    const { guarantor, borrower, amount, caseId } = parsed.data;
    return { edge: { guarantor, borrower, amount, caseId: caseId ?? null } };
  }
  return { problems: [{ path: "$.kind", message: 'must be "exposure" or "guarantee"' }] };
}

/** The book of a JSON-lines text, or every problem by line (1-based, the file's own) and JSON path. */
export function parseBookLines(text: string): Result<GuaranteeBook, LineProblem[]> {
  const exposures: Exposure[] = [];
  const edges: GuaranteeEdge[] = [];
  const problems: LineProblem[] = [];
  const caseLine = new Map<string, number>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (raw.trim() === "") continue;
    const line = i + 1;
    const parsed = parseLine(raw);
    if ("problems" in parsed) {
      problems.push(...parsed.problems.map((p) => ({ line, ...p })));
    } else if ("edge" in parsed) {
      edges.push(parsed.edge);
    } else {
      const first = caseLine.get(parsed.exposure.caseId);
      if (first === undefined) {
        caseLine.set(parsed.exposure.caseId, line);
        exposures.push(parsed.exposure);
      } else {
        const message = `duplicate case "${parsed.exposure.caseId}" (first on line ${first})`;
        problems.push({ line, path: "$.caseId", message });
      }
    }
  }
  return problems.length > 0 ? err(problems) : ok({ exposures, edges });
}
