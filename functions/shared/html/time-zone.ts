import { CodedError } from "../../../domain/errors";

/** Where the bank is: pages and mails show times in this zone, with the UTC instant beside them. */
export const DEFAULT_BANK_TIME_ZONE = "Asia/Shanghai";

/**
 * BANK_TIME_ZONE, an IANA zone name (`Asia/Shanghai`, `Europe/Paris`, `UTC`), checked against the
 * runtime's own time-zone data: a name it does not know fails here, at load, not on the first page.
 */
export function readBankTimeZone(env: NodeJS.ProcessEnv = process.env): string {
  const zone = env.BANK_TIME_ZONE?.trim() || DEFAULT_BANK_TIME_ZONE;
  try {
    // The canonical spelling: `asia/shanghai` is accepted and shown as `Asia/Shanghai`.
    return new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone;
  } catch (cause) {
    throw new CodedError(
      "BANK_TIME_ZONE_INVALID",
      `BANK_TIME_ZONE must be an IANA time zone such as ${DEFAULT_BANK_TIME_ZONE} (got "${zone}")`,
      { cause },
    );
  }
}

/** Read once per process, when the page kit loads. */
export const BANK_TIME_ZONE = readBankTimeZone();
