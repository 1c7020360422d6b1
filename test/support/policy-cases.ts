/**
 * The hand-worked cases of policy 2026.2 (test/fixtures/policy-2026.2): each a base application with a
 * few fields set, and the assessment expected under 2026.2 and under 2026.1, as the fields of the
 * assessment contract. Expected values were worked out from the policy text, never from the code.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Application, Assessment } from "../../domain";

const DIR = join(import.meta.dirname, "..", "fixtures", "policy-2026.2");
const read = (name: string) => JSON.parse(readFileSync(join(DIR, name), "utf8"));

type Expected = Record<string, unknown>;

export interface PolicyCase {
  name: string;
  application: Application;
  /** Under sme-standard-2026.2. */
  expected: Expected;
  /** Under sme-standard-2026.1: no conditions field at all. */
  expected2026v1: Expected;
}

/** Sets one field by a JSON path such as `$.financials[0].revenue`. */
export function setAt(target: unknown, path: string, value: unknown): void {
  const keys = [...path.replace(/^\$/, "").matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)].map(
    (m) => m[1] ?? Number(m[2]),
  );
  const last = keys.pop();
  if (last === undefined) throw new Error(`bad path ${path}`);
  let node = target as Record<string | number, unknown>;
  for (const k of keys) node = node[k] as Record<string | number, unknown>;
  if (!(last in node)) throw new Error(`${path} does not name an existing field`);
  node[last] = structuredClone(value);
}

/**
 * A case's expectations over its base's: fields replace the base's, except `criteria`, whose levels
 * override the base's one by one, unless the case lists another criteria set (micro vs standard).
 */
function over(base: Expected, changes: Expected): Expected {
  const merged = { ...base, ...changes };
  const baseCriteria = base.criteria as Record<string, string>;
  const criteria = changes.criteria as Record<string, string> | undefined;
  if (criteria && Object.keys(criteria).every((id) => id in baseCriteria))
    merged.criteria = { ...baseCriteria, ...criteria };
  return merged;
}

function underV1(expected: Expected, changes: Expected): Expected {
  const { conditions: _absent, ...rest } = over(expected, changes);
  return { ...rest, policyVersion: "sme-standard-2026.1" };
}

export function policyCases(): PolicyCase[] {
  const bases: Record<string, { application: Application; expected: Expected }> = {
    "standard-trade": read("standard-trade.json"),
    "micro-services": read("micro-services.json"),
  };
  const out: PolicyCase[] = Object.entries(bases).map(([name, b]) => ({
    name: `${name} (base)`,
    application: structuredClone(b.application),
    expected: b.expected,
    expected2026v1: underV1(b.expected, {}),
  }));
  for (const c of read("cases.json").cases as {
    name: string;
    base: string;
    set: Record<string, unknown>;
    expected: Expected;
    "under 2026.1": Expected;
  }[]) {
    const base = bases[c.base];
    if (!base) throw new Error(`${c.name}: unknown base ${c.base}`);
    const application = structuredClone(base.application);
    for (const [path, value] of Object.entries(c.set)) setAt(application, path, value);
    const expected = over(base.expected, c.expected);
    out.push({ name: c.name, application, expected, expected2026v1: underV1(expected, c["under 2026.1"]) });
  }
  return out;
}

/** The hand-worked impact of moving the cases' batch from 2026.1 to 2026.2. */
export function expectedImpact(): Record<string, unknown> {
  return read("compare-expected.json").impact;
}

/**
 * An assessment seen through the contract's fields, shaped like the expectations: criteria as levels by
 * id, exceptions as codes, conditions as codes with the details the expectation names.
 */
export function contractView(a: Assessment, expected: Expected): Expected {
  const wanted = (expected.conditions ?? []) as { code: string; details?: unknown }[];
  return {
    applicationId: a.applicationId,
    policyVersion: a.policyVersion,
    sme: a.sme,
    salesGrade: a.salesGrade,
    clientGrade: a.clientGrade,
    criteria: Object.fromEntries(a.criteria.map((c) => [c.id, c.level])),
    score: a.score,
    rating: a.rating,
    pdBand: a.pdBand,
    maxLimit: a.maxLimit,
    requestedTotal: a.requestedTotal,
    minCoverage: a.minCoverage,
    securedValue: a.securedValue,
    minSecured: a.minSecured,
    maxUnsecured: a.maxUnsecured,
    collateralSupportedLimit: a.collateralSupportedLimit,
    exceptions: a.exceptions.map((e) => e.code),
    autoDecline: a.autoDecline,
    route: a.route,
    ...(a.conditions === undefined
      ? {}
      : {
          conditions: a.conditions.map((c, i) =>
            wanted[i]?.details === undefined ? { code: c.code } : { code: c.code, details: c.details },
          ),
        }),
  };
}
