/** A bug, not bad input: the amounts a page shows were checked when they were stored. */
export class MoneyFormatError extends Error {
  override readonly name = "MoneyFormatError";
  readonly code = "MONEY_NOT_A_DECIMAL";
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * `15000000` → `15,000,000.00 CNY`: thousands separators and the currency, worked on the decimal
 * string's digits (never through a JS number, which would round amounts past 2^53). At least two
 * decimals; more only when the amount has significant ones, so nothing is rounded away on screen.
 */
export function formatMoney(amount: string, currency: string): string {
  const m = DECIMAL.exec(amount);
  if (!m) throw new MoneyFormatError(`not a decimal amount: "${amount}"`);
  const [, sign = "", digits = "", decimals = ""] = m;
  const whole = digits.replace(/^0+(?=\d)/, "");
  const fraction = decimals.replace(/0+$/, "").padEnd(2, "0");
  // -0 and -0.00 are zero, which has no sign; a leading + says nothing.
  const negative = sign === "-" && /[1-9]/.test(whole + fraction);
  return `${negative ? "-" : ""}${whole.replace(/\B(?=(\d{3})+$)/g, ",")}.${fraction} ${currency}`;
}

/** An amount as a page shows it: kept on one line, digits aligned. */
export function Money({ amount, currency }: { amount: string; currency: string }) {
  return <span class="money">{formatMoney(amount, currency)}</span>;
}

/** An amount inside a sentence: at least four whole digits and exactly two decimals, as the domain writes money. */
const AMOUNT_IN_TEXT = /(?<![\d.,])(\d{4,})\.(\d{2})(?![\d.])/g;

/**
 * A domain message as a page shows it: its amounts grouped (`15000000.00` → `15,000,000.00`), so an
 * approver cannot misread them by a factor of ten. Only money-shaped numbers change: years, codes,
 * ratios and counts keep their digits. The recorded message itself stays as the domain wrote it.
 */
export function readableAmounts(text: string): string {
  return text.replace(
    AMOUNT_IN_TEXT,
    (_, whole: string, cents: string) => `${whole.replace(/\B(?=(\d{3})+$)/g, ",")}.${cents}`,
  );
}
