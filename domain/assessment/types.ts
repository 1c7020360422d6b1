/** The assessment JSON of docs/contracts.md. Siblings beyond the contract are marked as such. */

export type Level = "A" | "B" | "C" | "FAIL";
export type ClientGrade = "A" | "B" | "C" | "D";
export type Stage = "MANAGER" | "BRANCH_CREDIT" | "COMMITTEE" | "HEAD_OFFICE";

export const EXCEPTION_CODES = [
  "NOT_SME",
  "CSC_NOT_MET",
  "INDUSTRY_RESTRICTED",
  "LIMIT_EXCEEDED",
  "COLLATERAL_SHORTFALL",
  "COLLATERAL_HIGHER_APPROVAL",
  "SUBLIMIT_EXCEEDED",
  "TENOR_EXCEEDED",
  "GUARANTEE_MARGIN_LOW",
  "GUARANTOR_INELIGIBLE",
  "GUARANTEE_CIRCLE",
  "SECURITY_REQUIRED",
] as const;
export type ExceptionCode = (typeof EXCEPTION_CODES)[number];

export const AUTO_DECLINE_CODES = ["INDUSTRY_PROHIBITED", "PRODUCT_NOT_ELIGIBLE"] as const;
export type AutoDeclineCode = (typeof AUTO_DECLINE_CODES)[number];

export type DetailValue = string | number | boolean | null | string[] | number[];

export interface Finding<Code extends string> {
  code: Code;
  message: string;
  details: Record<string, DetailValue>;
}

export interface CriterionResult {
  id: string;
  level: Level;
  value: string;
  reason: string;
}

/** Sibling: one line of the scorecard, so a reader sees where every point came from. */
export interface ScoreLine {
  id: string;
  points: number;
  maxPoints: number;
  value: string;
  reason: string;
}

/** Sibling: what each grantable facility type may take of the requested total, and its tenor cap. */
export interface SublimitLine {
  type: string;
  share: string;
  maxAmount: string;
  requested: string;
  maxTenorMonths: number | null;
}

export interface Assessment {
  applicationId: string;
  policyVersion: string;
  policyHash: string;
  sme: boolean;
  salesGrade: number | null;
  clientGrade: ClientGrade;
  criteria: CriterionResult[];
  score: number;
  scoreLines: ScoreLine[];
  rating: string;
  pdBand: string;
  maxLimit: string;
  requestedTotal: string;
  minCoverage: string;
  securedValue: string;
  minSecured: string;
  maxUnsecured: string;
  collateralSupportedLimit: string;
  sublimits: SublimitLine[];
  exceptions: Finding<ExceptionCode>[];
  /**
   * The terms an approval carries, in the policy's order, each code once; [] when auto-declined.
   * Absent under versions without conditions, so what was recorded under them keeps its bytes.
   */
  conditions?: Finding<string>[];
  autoDecline: AutoDeclineCode[] | null;
  declineReasons: Finding<AutoDeclineCode>[];
  route: Stage[];
}
