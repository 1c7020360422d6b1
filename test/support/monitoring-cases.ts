/**
 * The hand-worked monitoring cases (test/fixtures/monitoring): the quiet base snapshot with a few fields
 * set, and the warning expected under the default policy, worked out from the policy text.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Warning } from "../../domain";
import { setAt } from "./policy-cases";

const DIR = join(import.meta.dirname, "..", "fixtures", "monitoring");
const read = (name: string) => JSON.parse(readFileSync(join(DIR, name), "utf8"));

export type SnapshotJson = Record<string, unknown>;

export interface ExpectedWarning {
  signals: { code: string; weight: string; value: string }[];
  tier: string | null;
  responseDays: number | null;
  proposedClassification: string;
}

export interface MonitoringCase {
  name: string;
  snapshot: SnapshotJson;
  expected: ExpectedWarning;
}

/** A fresh copy of the quiet base snapshot (fires nothing), with `set` applied by JSON path. */
export function quietSnapshot(set: Record<string, unknown> = {}): SnapshotJson {
  const snapshot = structuredClone(read("quiet.json").snapshot) as SnapshotJson;
  for (const [path, value] of Object.entries(set)) setAt(snapshot, path, value);
  return snapshot;
}

export function monitoringCases(): MonitoringCase[] {
  return (
    read("cases.json").cases as { name: string; set: Record<string, unknown>; expected: ExpectedWarning }[]
  ).map((c) => ({ name: c.name, snapshot: quietSnapshot(c.set), expected: c.expected }));
}

/** A warning seen as the expectations are written: every field but the messages (words, not data). */
export function warningView(w: Warning): ExpectedWarning {
  return {
    signals: w.signals.map(({ code, weight, value }) => ({ code, weight, value })),
    tier: w.tier,
    responseDays: w.responseDays,
    proposedClassification: w.proposedClassification,
  };
}
