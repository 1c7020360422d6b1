import { Exact, minOf, moneyDown, moneyUp, percentText, sumOf } from "../exact";
import type { Policy } from "../policy/policy";
import type { Facts } from "./facts";
import { policyValue } from "./policy-values";
import type { ExceptionCode, Finding } from "./types";

export interface CollateralFigures {
  securedValue: Exact;
  minSecured: Exact;
  maxUnsecured: Exact;
  collateralSupportedLimit: Exact;
}

/** Secured value, the secured/unsecured split of the grantable amount, and what the collateral supports. */
export function collateralFigures(
  f: Facts,
  requestedTotal: Exact,
  maxLimit: Exact,
  minCoverage: Exact,
  policy: Policy,
): CollateralFigures {
  const securedValue = sumOf(
    f.app.collateral.map((c) =>
      Exact.parse(c.appraisedValue).times(policyValue(policy, policy.data.collateral[c.type].mortgageRate)),
    ),
  );
  // Secured/unsecured split applies to what can be granted: the request, capped at the max limit (docs/contracts.md).
  const grantable = minOf(requestedTotal, maxLimit);
  const minSecured = grantable.times(minCoverage);
  return {
    securedValue,
    minSecured,
    maxUnsecured: grantable.minus(minSecured),
    collateralSupportedLimit: minCoverage.isZero() ? securedValue : securedValue.div(minCoverage),
  };
}

export function collateralFindings(
  f: Facts,
  figures: CollateralFigures,
  requestedTotal: Exact,
  minCoverage: Exact,
  policy: Policy,
): Finding<ExceptionCode>[] {
  const findings: Finding<ExceptionCode>[] = [];
  const required = requestedTotal.times(minCoverage);
  if (figures.securedValue.lt(required)) {
    findings.push({
      code: "COLLATERAL_SHORTFALL",
      message: `secured value ${moneyDown(figures.securedValue)} is below ${percentText(minCoverage)}% of the requested ${moneyDown(requestedTotal)}`,
      details: {
        securedValue: moneyDown(figures.securedValue),
        requiredSecured: moneyUp(required),
        shortfall: moneyUp(required.minus(figures.securedValue)),
        minCoverage: minCoverage.toFixed(2),
      },
    });
  }
  f.app.collateral.forEach((c, index) => {
    if (policy.data.collateral[c.type].higherApproval) {
      findings.push({
        code: "COLLATERAL_HIGHER_APPROVAL",
        message: `collateral #${index + 1} (${c.type}) needs approval above the branch`,
        details: { index, type: c.type, appraisedValue: c.appraisedValue },
      });
    }
  });
  return findings;
}

export function reportCollateral(figures: CollateralFigures): Record<keyof CollateralFigures, string> {
  return {
    securedValue: moneyDown(figures.securedValue),
    minSecured: moneyUp(figures.minSecured),
    maxUnsecured: moneyDown(figures.maxUnsecured),
    collateralSupportedLimit: moneyDown(figures.collateralSupportedLimit),
  };
}
