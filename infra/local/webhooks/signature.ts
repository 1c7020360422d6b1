import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures as the Standard Webhooks specification has them: HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<body>`, sent base64-encoded as `webhook-signature: v1,<sig>`.
 * Here the key is the configured secret's UTF-8 bytes. The id stays the same across retries
 * (`<caseId>/<seq>`), so a receiver also deduplicates by it.
 */
export const SIGNATURE_HEADERS = {
  id: "webhook-id",
  timestamp: "webhook-timestamp",
  signature: "webhook-signature",
} as const;

export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const mac = createHmac("sha256", Buffer.from(secret, "utf8")).update(`${id}.${timestamp}.${body}`);
  return `v1,${mac.digest("base64")}`;
}

/** True when one of the header's space-separated signatures is ours for this id, time and body. */
export function verify(secret: string, id: string, timestamp: number, body: string, header: string): boolean {
  const expected = Buffer.from(sign(secret, id, timestamp, body));
  return header.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
