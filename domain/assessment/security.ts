import type { Application } from "../application/schema";
import type { Policy } from "../policy/policy";
import type { ExceptionCode, Finding } from "./types";

/**
 * A high-risk rating must bring security (seed 001: "high-risk clients add collateral or a third-party
 * guarantor"): a client rated so that offers neither collateral nor a guarantor is an exception.
 * Whether what is offered is enough is judged elsewhere (coverage, guarantor eligibility).
 */
export function securityFindings(app: Application, rating: string, policy: Policy): Finding<ExceptionCode>[] {
  if (!policy.data.security.requiredForRatings.includes(rating)) return [];
  if (app.collateral.length > 0 || app.guarantors.length > 0) return [];
  return [
    {
      code: "SECURITY_REQUIRED",
      message: `rating ${rating} needs collateral or a guarantor, and the application offers neither`,
      details: { rating },
    },
  ];
}
