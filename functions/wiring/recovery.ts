import * as z from "../../domain/zod";
import { DEFAULT_STUCK_AFTER_SECONDS, type RecoverySettings } from "../app/workflow/recovery-settings";
import { ENV, readEnv } from "./config";

const schema = z.object({
  [ENV.recoveryStuckAfterSeconds]: z._default(
    z.coerce.number().check(z.int(), z.nonnegative()),
    DEFAULT_STUCK_AFTER_SECONDS,
  ),
});

/** The reconciler's tuning, read and checked at load. */
export function recoverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): RecoverySettings {
  return { stuckAfterSeconds: readEnv(schema, "reconciler", env)[ENV.recoveryStuckAfterSeconds] };
}
