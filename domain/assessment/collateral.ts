import { Dec as D, type Dec, minDec, moneyDown, moneyUp, sumDec } from "../decimal";
import type { Policy } from "../policy/policy";
import type { Facts } from "./facts";
import type { ExceptionCode, Finding } from "./types";

export interface CollateralFigures {
  securedValue: Dec;
  minSecured: Dec;
  maxUnsecured: Dec;
  collateralSupportedLimit: Dec;
}

/** Secured value, the secured/unsecured split of the grantable amount, and what the collateral supports. */
export function collateralFigures(
  f: Facts,
  requestedTotal: Dec,
  maxLimit: Dec,
  minCoverage: Dec,
  policy: Policy,
): CollateralFigures {
  const securedValue = sumDec(
    f.app.collateral.map((c) =>
      new D(c.appraisedValue).times(policy.dec(policy.data.collateral[c.type].mortgageRate)),
    ),
  );
  // Secured/unsecured split applies to what can be granted: the request, capped at the max limit (docs/contracts.md).
  const grantable = minDec(requestedTotal, maxLimit);
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
  requestedTotal: Dec,
  minCoverage: Dec,
  policy: Policy,
): Finding<ExceptionCode>[] {
  const findings: Finding<ExceptionCode>[] = [];
  const required = requestedTotal.times(minCoverage);
  if (figures.securedValue.lt(required)) {
    findings.push({
      code: "COLLATERAL_SHORTFALL",
      message: `secured value ${moneyDown(figures.securedValue)} is below ${minCoverage.times(100).toFixed()}% of the requested ${moneyDown(requestedTotal)}`,
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
