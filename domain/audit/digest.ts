import { canonicalJson, sha256Hex } from "../canonical-json";
import { err, ok, type Result } from "../result";
import * as z from "../zod";
import type { AuditEvent } from "./chain";
import type { DigestAnchor, ProblemKind } from "./verify";

/**
 * The daily digest: for every case with an event in the period, the hash of each of its events up to
 * its head at the period's end, sealed with the digest's own hash and chained to the previous digest.
 * Written once where nobody can rewrite it (S3 Object Lock on AWS, a read-only file locally), it is
 * what proves that a trail was not rewritten after the fact, even by someone who recomputes every
 * hash in the table: the head alone proves the whole prefix, the event hashes name the first change.
 */

export const DIGEST_FORMAT = "sme-credit-audit-digest/1";
/** Where the first digest starts: it anchors every case that existed before it. */
export const DIGEST_EPOCH = "1970-01-01T00:00:00.000Z";
const DAY_MS = 86_400_000;

const hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const whole = z.number().check(z.int());
const digestCaseSchema = z.object({
  caseId: z.string().check(z.minLength(1)),
  headSeq: z.number().check(z.int(), z.positive()),
  headHash: hex64,
  eventHashes: z.array(hex64).check(z.minLength(1)),
});
const digestSchema = z.object({
  format: z.literal(DIGEST_FORMAT),
  periodStart: z.iso.datetime(),
  periodEnd: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  previous: z.nullable(z.object({ name: z.string(), digestHash: z.string() })),
  cases: z.array(digestCaseSchema),
  problems: z.array(
    z.object({
      caseId: z.string(),
      seq: whole,
      kind: z.enum(["CHANGED", "MISSING", "REORDERED", "INSERTED"]),
      message: z.string(),
    }),
  ),
  digestHash: z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/)),
});

export type DigestCase = z.infer<typeof digestCaseSchema>;
export type Digest = z.infer<typeof digestSchema>;
export type DigestBody = Omit<Digest, "digestHash">;
export interface DigestProblem {
  caseId: string;
  seq: number;
  kind: ProblemKind;
  message: string;
}

/** File-system and S3-safe, and sorting by name sorts by time: `2026-11-24T00-00-00.000Z`. */
export function digestName(periodEnd: string): string {
  return periodEnd.replace(/:/g, "-");
}

function hashOf(body: DigestBody): string {
  return `sha256:${sha256Hex(canonicalJson(body))}`;
}

export function sealDigest(body: DigestBody): Digest {
  // A body spread from another digest would carry that digest's hash into this one's.
  const { digestHash: _ignored, ...clean } = body as DigestBody & { digestHash?: string };
  return { ...clean, digestHash: hashOf(clean) };
}

/** The bytes written: one canonical form, so the file's own hash can be recomputed from it. */
export function digestText(d: Digest): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

export function parseDigest(text: string): Result<Digest, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = digestSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return err(`not a digest: ${first?.path.join(".") || "(root)"} ${first?.message ?? ""}`);
  }
  return ok(parsed.data);
}

const floorDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The periods still to digest after the one that ended at `lastEnd`: one per UTC day up to the last
 * midnight at or before `until`; the first digest ever covers everything before that midnight. With
 * `closeAtUntil` a last, partial period ends at `until` itself (a digest made by hand, for a demo or
 * before an audit); the next scheduled one then starts there.
 */
export function digestPeriods(
  lastEnd: string | null,
  until: Date,
  closeAtUntil = false,
): { start: string; end: string }[] {
  const untilMs = until.getTime();
  const ends: number[] = [];
  if (lastEnd === null) {
    const midnight = floorDay(untilMs);
    if (midnight > 0) ends.push(midnight);
  } else {
    for (let m = floorDay(Date.parse(lastEnd)) + DAY_MS; m <= untilMs; m += DAY_MS) ends.push(m);
  }
  const reached = ends.at(-1) ?? (lastEnd === null ? 0 : Date.parse(lastEnd));
  if (closeAtUntil && untilMs > reached) ends.push(untilMs);
  let start = lastEnd ?? DIGEST_EPOCH;
  return ends.map((end) => {
    const period = { start, end: iso(end) };
    start = period.end;
    return period;
  });
}

/**
 * What a digest anchors of one case: the verified events recorded before the period's end, if any
 * of them falls in the period. `events` is the trail's verified prefix, in sequence order.
 */
export function digestCase(
  caseId: string,
  events: readonly AuditEvent[],
  period: { start: string; end: string },
): DigestCase | null {
  const startMs = Date.parse(period.start);
  const endMs = Date.parse(period.end);
  const anchored: AuditEvent[] = [];
  for (const e of events) {
    if (!(Date.parse(e.at) < endMs)) break;
    anchored.push(e);
  }
  const last = anchored.at(-1);
  if (!last || !anchored.some((e) => Date.parse(e.at) >= startMs)) return null;
  return { caseId, headSeq: last.seq, headHash: last.hash, eventHashes: anchored.map((e) => e.hash) };
}

export interface NamedDigest {
  name: string;
  digest: Digest;
}

/**
 * Checks a run of digests, oldest first: each one's own hash, its name, and its link to the one
 * before (hash and period); the first of the run may link to one outside it.
 */
export function verifyDigestChain(run: readonly NamedDigest[]): { name: string; message: string }[] {
  const problems: { name: string; message: string }[] = [];
  let before: NamedDigest | undefined;
  for (const current of run) {
    const { name, digest } = current;
    const { digestHash, ...body } = digest;
    if (hashOf(body) !== digestHash)
      problems.push({ name, message: `digest ${name} does not match its own hash` });
    if (digestName(digest.periodEnd) !== name) {
      problems.push({ name, message: `digest ${name} covers a period ending ${digest.periodEnd}` });
    }
    if (before) {
      if (digest.previous?.name !== before.name || digest.previous.digestHash !== before.digest.digestHash) {
        problems.push({
          name,
          message: `digest ${name} does not link to the digest before it, ${before.name}`,
        });
      }
      if (digest.periodStart !== before.digest.periodEnd) {
        problems.push({
          name,
          message: `digest ${name} starts at ${digest.periodStart}, not where ${before.name} ended`,
        });
      }
    } else if (digest.previous === null && digest.periodStart !== DIGEST_EPOCH) {
      problems.push({
        name,
        message: `digest ${name} has no predecessor but does not start at ${DIGEST_EPOCH}`,
      });
    }
    before = current;
  }
  return problems;
}

/** Every anchor of one case across digests, oldest first. */
export function anchorsFor(caseId: string, digests: readonly NamedDigest[]): DigestAnchor[] {
  return digests.flatMap(({ name, digest }) =>
    digest.cases
      .filter((c) => c.caseId === caseId)
      .map((c) => ({ digest: name, headSeq: c.headSeq, headHash: c.headHash, eventHashes: c.eventHashes })),
  );
}
