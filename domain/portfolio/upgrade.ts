import type { Assessment, ClientGrade } from "../assessment/types";
import type { UpgradeKind } from "./schema";

/** Grades from the lowest up; the steps between neighbours are the plan's upgrade quotas. */
const LADDER: readonly ClientGrade[] = ["D", "C", "B", "A"];
const STEP: Readonly<Record<string, UpgradeKind>> = { D: "DtoC", C: "CtoB", B: "BtoA" };

/**
 * The grade-upgrade steps a credit is granted across (the plan's gradeUpgradeQuotas notes): a grade-D
 * client lent to in the program is lent to on grade C's terms (D→C); a grade above the lowest level any
 * criterion reached was lifted by the policy's allowance for secondary criteria (C→B, B→A, or both for
 * C→A). FAIL levels are left out of "lowest": a failure makes the grade D, or counts as a failure for
 * micro clients, whose grade follows the number of failures rather than a lift.
 */
export function upgradesOf(assessment: Pick<Assessment, "clientGrade" | "criteria">): UpgradeKind[] {
  if (assessment.clientGrade === "D") return ["DtoC"];
  const reached = assessment.criteria
    .map((c) => c.level)
    .filter((level) => level !== "FAIL")
    .map((level) => LADDER.indexOf(level as ClientGrade));
  if (reached.length === 0) return [];
  const from = Math.min(...reached);
  const to = LADDER.indexOf(assessment.clientGrade);
  const steps: UpgradeKind[] = [];
  for (let i = from; i < to; i++) {
    const step = STEP[LADDER[i] ?? ""];
    if (step) steps.push(step);
  }
  return steps;
}
