/**
 * Upper bounds of a credit application. Over any of them the application is refused whole with a 400
 * naming the JSON path, before anything is stored. They are input hygiene, not credit policy: each is
 * far above any genuine SME file, and together they keep the largest accepted application (every
 * string at its maximum in 3-byte UTF-8 characters, every list full) well inside one DynamoDB item
 * (400 KB), which is where the application is recorded (test/support/largest-application.ts proves it).
 */
export const APPLICATION_LIMITS = {
  /**
   * Application, RM, branch and guarantor ids: printable ASCII, no spaces. Bank ids are short codes
   * (`APP-2026-000123`, `rm.chen`, `GZ-TIANHE`); 64 leaves room for any core-banking scheme.
   */
  idChars: 64,
  /**
   * Borrower and guarantor names. The longest registered Chinese company names are well under 100
   * characters; 200 leaves room for a transliteration in brackets.
   */
  nameChars: 200,
  /** A province, city or district, in any script. */
  regionChars: 64,
  /** An industrial-cluster reference of the bank's own. */
  clusterIdChars: 64,
  /** Free text describing a piece of collateral (may hold line breaks). */
  descriptionChars: 500,
  /**
   * Digits before the decimal point of any amount in yuan: 15 means below 10^15 yuan (a thousand
   * trillion), above the total assets of China's whole banking system, so only a typo or an attack
   * exceeds it. With 2 decimals that is 17 significant digits, well inside the 28 the domain's decimal
   * arithmetic keeps exactly, so no accepted amount is ever rounded.
   */
  moneyIntegerDigits: 15,
  /** Years established, years of management experience, overdue and inquiry counts. */
  count: 10_000,
  /** Change in receivable days, either way: ten years of days. */
  receivableDays: 3_650,
  financialYears: 3,
  facilities: 20,
  collateral: 100,
  guarantors: 50,
  /** Parties guaranteeing one guarantor: enough to describe any guarantee circle of a real SME. */
  guaranteedBy: 10,
} as const;
