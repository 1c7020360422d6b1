import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Signed approval links. The e-mail carries only what identifies the approval and who may act on it;
 * the task token stays in DynamoDB. Pure (node:crypto only) so the signing rules are unit-tested.
 */

export interface LinkParams {
  approvalId: string;
  approverId: string;
  stage: string;
  /** Epoch seconds, as carried in the link's `e` parameter. */
  expiresAt: number;
}

export type SigningKey = Uint8Array;

export type LinkVerdict = { ok: true } | { ok: false; reason: "BAD_SIGNATURE" | "EXPIRED" };

/** A JSON array is an unambiguous encoding: no choice of field values can shift a separator. */
function mac(key: SigningKey, fields: readonly (string | number)[]): string {
  return createHmac("sha256", key).update(JSON.stringify(fields), "utf8").digest("base64url");
}

function sameMac(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing the attacker lacks.
  return a.length === b.length && timingSafeEqual(a, b);
}

export function signLink(p: LinkParams, key: SigningKey): string {
  return mac(key, ["approval-link/v1", p.approvalId, p.approverId, p.stage, p.expiresAt]);
}

/** The signature is checked before the expiry so a forged link learns nothing from the answer. */
export function verifyLink(p: LinkParams, sig: string, key: SigningKey, now: Date): LinkVerdict {
  if (!Number.isSafeInteger(p.expiresAt) || !sameMac(signLink(p, key), sig)) {
    return { ok: false, reason: "BAD_SIGNATURE" };
  }
  if (now.getTime() >= p.expiresAt * 1000) return { ok: false, reason: "EXPIRED" };
  return { ok: true };
}

export function expiryEpoch(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

export function approvalUrl(
  baseUrl: string,
  approvalId: string,
  approverId: string,
  stage: string,
  expiresAt: number,
  sig: string,
): string {
  const query = new URLSearchParams({ a: approverId, s: stage, e: String(expiresAt), sig });
  return `${baseUrl.replace(/\/+$/, "")}/approvals/${encodeURIComponent(approvalId)}?${query.toString()}`;
}

export type ParsedLink = ({ ok: true; sig: string } & LinkParams) | { ok: false; reason: "MALFORMED" };

/** The inverse of `approvalUrl` for a handler: path id plus query, before any signature check. */
export function parseLinkQuery(approvalId: string, query: Record<string, string | undefined>): ParsedLink {
  const { a, s, e, sig } = query;
  if (!approvalId || !a || !s || !e || !sig || !/^\d{1,12}$/.test(e))
    return { ok: false, reason: "MALFORMED" };
  return { ok: true, approvalId, approverId: a, stage: s, expiresAt: Number(e), sig };
}

/**
 * CSRF token for the decision form: an HMAC of the link it was rendered from, so the server needs no
 * session. Under a distinct label so a link signature can never pass as a CSRF token.
 */
export function csrfToken(approvalId: string, sig: string, key: SigningKey): string {
  return mac(key, ["approval-csrf/v1", approvalId, sig]);
}

export function verifyCsrf(approvalId: string, sig: string, token: string, key: SigningKey): boolean {
  return sameMac(csrfToken(approvalId, sig, key), token);
}
