import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { BodyRead } from "./request";
import { problem } from "./responses";

export const IDEMPOTENCY_KEY_HEADER = "idempotency-key";

/** Printable ASCII without `#` (the key's separator in the table) or spaces; a UUID fits easily. */
const KEY_PATTERN = /^[A-Za-z0-9._:~+/=-]{1,128}$/;

/**
 * The request's Idempotency-Key: absent (undefined), or a key of 1 to 128 characters from
 * `A-Z a-z 0-9 . _ : ~ + / = -`; anything else is refused before anything is read or stored.
 */
export function readIdempotencyKey(event: APIGatewayProxyEventV2): BodyRead<string | undefined> {
  const found = Object.entries(event.headers ?? {}).find(([n]) => n.toLowerCase() === IDEMPOTENCY_KEY_HEADER);
  if (!found || found[1] === undefined) return { ok: true, value: undefined };
  const key = found[1].trim();
  if (KEY_PATTERN.test(key)) return { ok: true, value: key };
  return {
    ok: false,
    response: problem(
      400,
      "INVALID_IDEMPOTENCY_KEY",
      "the Idempotency-Key header must be 1 to 128 characters of A-Z a-z 0-9 . _ : ~ + / = - (a UUID will do)",
    ),
  };
}
