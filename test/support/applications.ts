import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Application, type Assessment, assessApplication, getPolicy } from "../../domain";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "applications");

export type FixtureName = "a2-wholesale" | "b2-manufacturing" | "micro-services";

/** A fresh, mutable copy of a fixture application. */
export function fixture(name: FixtureName): Application {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Application;
}

/** Assesses raw input through the same edge as the CLI and the Lambda step; fails the test on bad input. */
export function assessed(input: unknown, policyId?: string): Assessment {
  const outcome = assessApplication(input, getPolicy(policyId));
  if (!outcome.ok) throw new Error(`fixture refused: ${JSON.stringify(outcome.errors)}`);
  return outcome.assessment;
}

export function latest(app: Application) {
  const year = [...app.financials].sort((a, b) => b.year - a.year)[0];
  if (!year) throw new Error("fixture without financials");
  return year;
}

export function levelOf(a: Assessment, id: string): string | undefined {
  return a.criteria.find((c) => c.id === id)?.level;
}

export function pointsOf(a: Assessment, id: string): number | undefined {
  return a.scoreLines.find((l) => l.id === id)?.points;
}

export function codes(a: Assessment): string[] {
  return a.exceptions.map((e) => e.code);
}
