import { SECONDS_PER_DAY } from "../../domain/monitoring";
import * as z from "../../domain/zod";
import { ENV, readEnv } from "./config";

const schema = z.object({
  [ENV.monitoringSecondsPerDay]: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?$/))),
});

/**
 * The length of a policy day recorded on a credit when it opens: a day on AWS; shorter when the
 * embedded runtime runs on a time scale, so the 45/90-day windows pass in seconds in tests.
 */
export function monitoringSecondsPerDay(): number {
  const raw = readEnv(schema, "monitoring clock")[ENV.monitoringSecondsPerDay];
  const value = raw === undefined ? SECONDS_PER_DAY : Number(raw);
  return value > 0 ? value : SECONDS_PER_DAY;
}
