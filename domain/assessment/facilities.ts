import { Exact, moneyDown, percentText, sumOf, ZERO } from "../exact";
import type { Policy } from "../policy/policy";
import { GRANTABLE_FACILITIES } from "../policy/schema";
import type { Facts } from "./facts";
import { policyValue } from "./policy-values";
import type { Terms } from "./terms";
import type { AutoDeclineCode, ExceptionCode, Finding, SublimitLine } from "./types";

type Grantable = (typeof GRANTABLE_FACILITIES)[number];

export function requestedTotalOf(f: Facts): Exact {
  return sumOf(f.facilityAmounts);
}

/** What the application requests of one facility type, summed in the order the facilities came. */
function requestedOfType(f: Facts, type: string): Exact {
  let total = ZERO;
  f.app.facilities.forEach((x, i) => {
    if (x.type === type) total = total.plus(f.facilityAmounts[i] as Exact);
  });
  return total;
}

function isGrantable(type: string, policy: Policy): type is Grantable {
  return (
    !policy.data.terms.ineligibleProducts.includes(type as never) &&
    (GRANTABLE_FACILITIES as readonly string[]).includes(type)
  );
}

/** Per grantable type: its share of the requested total, the amount that allows, and the tenor cap. */
export function sublimitLines(f: Facts, requestedTotal: Exact, terms: Terms, policy: Policy): SublimitLine[] {
  return GRANTABLE_FACILITIES.map((type) => {
    const share = policyValue(policy, terms.sublimits[type]);
    const requested = requestedOfType(f, type);
    return {
      type,
      share: share.toFixed(2),
      maxAmount: moneyDown(requestedTotal.times(share)),
      requested: moneyDown(requested),
      maxTenorMonths: terms.maxTenorMonths[type] ?? null,
    };
  });
}

/** Sub-limit, tenor and guarantee-margin exceptions; ineligible products take no part (docs/policy.md §5). */
export function facilityFindings(
  f: Facts,
  requestedTotal: Exact,
  terms: Terms,
  policy: Policy,
): Finding<ExceptionCode>[] {
  const findings: Finding<ExceptionCode>[] = [];
  for (const type of GRANTABLE_FACILITIES) {
    if (!f.app.facilities.some((x) => x.type === type)) continue;
    const requested = requestedOfType(f, type);
    const share = policyValue(policy, terms.sublimits[type]);
    const allowed = requestedTotal.times(share);
    if (requested.gt(allowed)) {
      findings.push({
        code: "SUBLIMIT_EXCEEDED",
        message: `${type} ${moneyDown(requested)} exceeds its sub-limit of ${percentText(share)}% of the requested total (${moneyDown(allowed)})`,
        details: {
          type,
          requested: moneyDown(requested),
          share: share.toFixed(2),
          allowed: moneyDown(allowed),
        },
      });
    }
  }

  f.app.facilities.forEach((x, index) => {
    if (!isGrantable(x.type, policy)) return;
    const maxTenor = terms.maxTenorMonths[x.type];
    if (maxTenor !== undefined && x.tenorMonths > maxTenor) {
      findings.push({
        code: "TENOR_EXCEEDED",
        message: `facility #${index + 1} (${x.type}) tenor ${x.tenorMonths} months exceeds ${maxTenor}`,
        details: { index, type: x.type, tenorMonths: x.tenorMonths, maxTenorMonths: maxTenor },
      });
    }
    const margin = policy.data.terms.guaranteeMargin;
    if (x.type === "non_financing_guarantee" && margin.sectors.includes(f.app.borrower.sector)) {
      const pct = Exact.parse(x.marginPct ?? "0");
      if (pct.lt(policyValue(policy, margin.minMarginPct))) {
        findings.push({
          code: "GUARANTEE_MARGIN_LOW",
          message: `facility #${index + 1} guarantee margin ${percentText(pct)}% is below ${percentText(policyValue(policy, margin.minMarginPct))}%`,
          details: { index, marginPct: x.marginPct ?? null, minMarginPct: margin.minMarginPct },
        });
      }
    }
  });
  return findings;
}

export function productDeclines(f: Facts, policy: Policy): Finding<AutoDeclineCode>[] {
  const findings: Finding<AutoDeclineCode>[] = [];
  f.app.facilities.forEach((x, index) => {
    if (policy.data.terms.ineligibleProducts.includes(x.type)) {
      findings.push({
        code: "PRODUCT_NOT_ELIGIBLE",
        message: `facility #${index + 1} (${x.type}) is not in the standard program`,
        details: { index, type: x.type },
      });
    }
  });
  return findings;
}
