import * as z from "../../domain/zod";
import { loadSigningKey } from "../adapters/aws/signing-key";
import type { LinkKeys } from "../app/ports";
import { ENV, readEnv } from "./config";

const schema = z.object({
  /** Links stay valid this long past the stage's SLA, so a reassigned approver's old link fails on status, not time. */
  [ENV.linkGraceSeconds]: z._default(z.coerce.number().check(z.int(), z.nonnegative()), 86_400),
});

/**
 * Port `links`: the key from LINK_SIGNING_KEY (locally) or the Secrets Manager secret named by
 * LINK_SIGNING_SECRET_ARN (on AWS), fetched once per cold start; only the functions that declare
 * this port are given either.
 */
export async function links(): Promise<LinkKeys> {
  const graceSeconds = readEnv(schema, "links")[ENV.linkGraceSeconds];
  const key = await loadSigningKey();
  return { signingKey: () => key, graceSeconds };
}
