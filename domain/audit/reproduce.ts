import { parseApplication } from "../application/parse";
import { assess } from "../assessment/assess";
import type { Assessment } from "../assessment/types";
import { canonicalJson } from "../canonical-json";
import type { RecordedEvent } from "../case/types";
import type { PolicyRegistry } from "../policy/registry";

export type ReproductionOutcome =
  | "REPRODUCED"
  | "POLICY_MISSING"
  | "POLICY_CHANGED"
  | "APPLICATION_MISSING"
  | "APPLICATION_INVALID"
  | "DIFFERENT";

export interface Reproduction {
  /** The CASE_ASSESSED event reproduced. */
  seq: number;
  caseVersion: number;
  policyVersion: string;
  policyHash: string;
  outcome: ReproductionOutcome;
  message: string;
  /** Size of the compared bytes (the canonical JSON the audit chain hashes). */
  bytes: number;
  /** The first place the two assessments differ, when they do. */
  difference?: { path: string; recorded: string; recomputed: string };
}

function firstDifference(
  a: unknown,
  b: unknown,
  path = "$",
): { path: string; recorded: string; recomputed: string } | null {
  if (canonicalJson(a) === canonicalJson(b)) return null;
  const bothObjects = a !== null && b !== null && typeof a === "object" && typeof b === "object";
  if (bothObjects && Array.isArray(a) === Array.isArray(b)) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort((x, y) =>
      Array.isArray(a) ? Number(x) - Number(y) : x.localeCompare(y),
    );
    for (const k of keys) {
      const d = firstDifference(ao[k], bo[k], Array.isArray(a) ? `${path}[${k}]` : `${path}.${k}`);
      if (d) return d;
    }
  }
  const text = (v: unknown) => (v === undefined ? "(absent)" : JSON.stringify(v));
  return { path, recorded: text(a), recomputed: text(b) };
}

/**
 * Re-runs every recorded assessment from the application recorded with it, under the policy version
 * it recorded (never the current default), and compares the two byte for byte in the canonical JSON
 * the audit chain hashes. The policy's content hash must match too: a version edited after use would
 * otherwise reproduce something else under the same name.
 */
export function reproduceAssessments(
  events: readonly RecordedEvent[],
  policies: PolicyRegistry,
): Reproduction[] {
  const out: Reproduction[] = [];
  for (const e of events) {
    if (e.type !== "CASE_ASSESSED") continue;
    const recorded: Assessment = e.payload.assessment;
    const base = {
      seq: e.seq,
      caseVersion: e.payload.caseVersion,
      policyVersion: String(recorded?.policyVersion),
      policyHash: String(recorded?.policyHash),
    };
    const recordedBytes = canonicalJson(recorded);
    const result = (outcome: ReproductionOutcome, message: string, extra: Partial<Reproduction> = {}) =>
      out.push({ ...base, outcome, message, bytes: recordedBytes.length, ...extra });

    const submitted = events.find(
      (s) => s.type === "CASE_SUBMITTED" && s.seq < e.seq && s.payload.caseVersion === e.payload.caseVersion,
    );
    if (submitted?.type !== "CASE_SUBMITTED") {
      result("APPLICATION_MISSING", `no application recorded for version ${base.caseVersion}`);
      continue;
    }
    if (!policies.has(base.policyVersion)) {
      result(
        "POLICY_MISSING",
        `policy version ${base.policyVersion} is not registered: it must be kept while a case refers to it`,
      );
      continue;
    }
    const policy = policies.get(base.policyVersion);
    if (policy.hash !== base.policyHash) {
      result(
        "POLICY_CHANGED",
        `policy version ${base.policyVersion} now hashes to ${policy.hash}, the case was assessed under ${base.policyHash}`,
      );
      continue;
    }
    const parsed = parseApplication(submitted.payload.application);
    if (!parsed.ok) {
      const first = parsed.error[0];
      result(
        "APPLICATION_INVALID",
        `the recorded application no longer parses: ${first?.path} ${first?.message}`,
      );
      continue;
    }
    const recomputed = assess(parsed.value, policy);
    const difference = firstDifference(recorded, recomputed);
    if (difference) {
      result("DIFFERENT", `the assessment differs from the recorded one at ${difference.path}`, {
        difference,
      });
      continue;
    }
    result("REPRODUCED", `byte-identical under ${base.policyVersion}`);
  }
  return out;
}
