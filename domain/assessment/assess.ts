import type { Application } from "../application/schema";
import { moneyDown } from "../exact";
import type { Policy } from "../policy/policy";
import { collateralFigures, collateralFindings, reportCollateral } from "./collateral";
import { conditionsFor } from "./conditions";
import { microCriteria, microFailures, microGrade } from "./csc-micro";
import { standardCriteria, standardGrade } from "./csc-standard";
import { facilityFindings, productDeclines, requestedTotalOf, sublimitLines } from "./facilities";
import { toFacts } from "./facts";
import { guarantorFindings } from "./guarantors";
import { policyValue } from "./policy-values";
import { routeFor } from "./route";
import { salesGradeOf, smeCeiling } from "./sales-grade";
import { ratingFor, scoreLines } from "./scorecard";
import { securityFindings } from "./security";
import { industryDecline, industryRestriction } from "./target-market";
import { maxLimitFor, type Standing, termsFor } from "./terms";
import {
  type Assessment,
  AUTO_DECLINE_CODES,
  type AutoDeclineCode,
  type CriterionResult,
  EXCEPTION_CODES,
  type ExceptionCode,
  type Finding,
} from "./types";

/** Findings in the order of their code list, then in the order they were found: stable output. */
function ordered<C extends string>(findings: Finding<C>[], codes: readonly C[]): Finding<C>[] {
  if (findings.length < 2) return findings;
  // A stable sort by the code's rank: Array.prototype.sort is stable, so equal ranks keep their order.
  return [...findings].sort((a, b) => codes.indexOf(a.code) - codes.indexOf(b.code));
}

function standingOf(salesGrade: number | null, criteria: CriterionResult[], policy: Policy): Standing {
  if (salesGrade === null) return { kind: "notSme", grade: standardGrade(criteria, policy) };
  if (salesGrade === policy.data.salesGrades.microGrade) {
    const failures = microFailures(criteria);
    return { kind: "micro", grade: microGrade(failures, policy), failures };
  }
  return { kind: "standard", salesGrade: salesGrade as 1 | 2 | 3, grade: standardGrade(criteria, policy) };
}

/**
 * The assessment of one credit application under one policy version (docs/policy.md §2–6): pure and
 * deterministic, so the same application and policy always give byte-identical JSON.
 */
export function assess(app: Application, policy: Policy): Assessment {
  const f = toFacts(app);
  const salesGrade = salesGradeOf(f.latest.revenue, policy);
  const micro = salesGrade === policy.data.salesGrades.microGrade;
  const criteria = micro ? microCriteria(f, policy) : standardCriteria(f, policy);
  const standing = standingOf(salesGrade, criteria, policy);
  const clientGrade = standing.grade;

  const lines = scoreLines(f, policy);
  const score = lines.reduce((total, l) => total + l.points, 0);
  const { rating, pdBand } = ratingFor(score, policy);

  const terms = termsFor(standing, policy);
  const minCoverage = policyValue(policy, terms.minCoverage);
  const requestedTotal = requestedTotalOf(f);
  const maxLimit = maxLimitFor(standing, f.latest.revenue, app.borrower.sector, policy);
  const figures = collateralFigures(f, requestedTotal, maxLimit, minCoverage, policy);

  const exceptions: Finding<ExceptionCode>[] = [];
  if (salesGrade === null) {
    exceptions.push({
      code: "NOT_SME",
      message: `revenue ${moneyDown(f.latest.revenue)} is above the SME ceiling of ${smeCeiling(policy)}`,
      details: { revenue: moneyDown(f.latest.revenue), ceiling: smeCeiling(policy) },
    });
  }
  if (clientGrade === "D") {
    const failed = criteria.filter((c) => c.level === "FAIL").map((c) => c.id);
    exceptions.push({
      code: "CSC_NOT_MET",
      message: `client selection criteria not met: ${failed.join(", ")}`,
      details: { criteria: failed },
    });
  }
  exceptions.push(...industryRestriction(app.borrower.industryCode, policy));
  if (requestedTotal.gt(maxLimit)) {
    exceptions.push({
      code: "LIMIT_EXCEEDED",
      message: `requested ${moneyDown(requestedTotal)} exceeds the max limit of ${moneyDown(maxLimit)}`,
      details: { requestedTotal: moneyDown(requestedTotal), maxLimit: moneyDown(maxLimit) },
    });
  }
  exceptions.push(...collateralFindings(f, figures, requestedTotal, minCoverage, policy));
  exceptions.push(...facilityFindings(f, requestedTotal, terms, policy));
  exceptions.push(...guarantorFindings(app.guarantors, requestedTotal, policy));
  exceptions.push(...securityFindings(app, rating, policy));

  const declines = ordered(
    [...industryDecline(app.borrower.industryCode, policy), ...productDeclines(f, policy)],
    AUTO_DECLINE_CODES,
  );
  const autoDecline: AutoDeclineCode[] | null =
    declines.length > 0 ? AUTO_DECLINE_CODES.filter((code) => declines.some((d) => d.code === code)) : null;

  const conditions = conditionsFor(
    { f, salesGrade, rating, requestedTotal, autoDeclined: autoDecline !== null },
    policy,
  );
  const collateral = reportCollateral(figures);
  return {
    applicationId: app.applicationId,
    policyVersion: policy.id,
    policyHash: policy.hash,
    sme: salesGrade !== null,
    salesGrade,
    clientGrade,
    criteria,
    score,
    scoreLines: lines,
    rating,
    pdBand,
    maxLimit: moneyDown(maxLimit),
    requestedTotal: moneyDown(requestedTotal),
    minCoverage: minCoverage.toFixed(2),
    securedValue: collateral.securedValue,
    minSecured: collateral.minSecured,
    maxUnsecured: collateral.maxUnsecured,
    collateralSupportedLimit: collateral.collateralSupportedLimit,
    sublimits: sublimitLines(f, requestedTotal, terms, policy),
    exceptions: ordered(exceptions, EXCEPTION_CODES),
    // Only versions with conditions have the field: earlier versions keep their exact bytes.
    ...(conditions === undefined ? {} : { conditions }),
    autoDecline,
    declineReasons: declines,
    route: routeFor(
      {
        requestedTotal,
        rating,
        clientGrade,
        exceptionCount: exceptions.length,
        autoDeclined: autoDecline !== null,
      },
      policy,
    ),
  };
}
