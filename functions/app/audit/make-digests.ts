import {
  type AuditEvent,
  CodedError,
  DIGEST_FORMAT,
  type DigestCase,
  type DigestProblem,
  digestCase,
  digestName,
  digestPeriods,
  digestText,
  type NamedDigest,
  parseDigest,
  sealDigest,
  verifyDigestChain,
  verifyTrail,
} from "../../../domain";
import type { Ports } from "../ports";

/** Making digests reads trails and the cases changed since the last digest, and adds the next digests. */
export interface DigestDeps extends Pick<Ports, "trails" | "caseQueue" | "digests" | "digestWrites"> {
  now(): Date;
}

export interface MadeDigest {
  name: string;
  periodStart: string;
  periodEnd: string;
  cases: number;
  /** Cases whose trail did not verify when the digest was made: anchored only up to the break. */
  problems: DigestProblem[];
}

const CASE_READS_IN_PARALLEL = 8;

async function lastDigest(store: Ports["digests"]): Promise<NamedDigest | null> {
  const name = (await store.names()).at(-1);
  if (name === undefined) return null;
  const text = await store.read(name);
  const parsed = text === undefined ? null : parseDigest(text);
  if (!parsed?.ok) {
    throw new CodedError(
      "DIGEST_UNREADABLE",
      `the last digest ${name} in ${store.location} cannot be read: ${parsed?.error ?? "missing"}`,
    );
  }
  const named = { name, digest: parsed.value };
  const problems = verifyDigestChain([named]);
  if (problems.length > 0) throw new CodedError("DIGEST_INVALID", problems.map((p) => p.message).join("; "));
  return named;
}

async function anchorCase(
  trails: Ports["trails"],
  caseId: string,
  period: { start: string; end: string },
): Promise<{ entry: DigestCase | null; problem: DigestProblem | null }> {
  const trail = await trails.readTrail(caseId);
  if (!trail) return { entry: null, problem: null };
  const head = trail.state ? { seq: trail.state.version, hash: trail.state.headHash } : null;
  const verdict = verifyTrail(caseId, trail.items, { head });
  const verified = trail.items
    .slice(0, verdict.verifiedThrough)
    .flatMap((item) => (item.event ? [item.event] : [])) satisfies AuditEvent[];
  const first = verdict.problems[0];
  return {
    entry: digestCase(caseId, verified, period),
    problem: first ? { caseId, seq: first.seq, kind: first.kind, message: first.message } : null,
  };
}

/**
 * Makes every digest that is due: one per UTC day since the last digest, each chained to the one
 * before; with `closeAtNow`, also one for the day so far. A case whose trail does not verify is
 * anchored up to its break and listed under `problems`, so the digest records what was found.
 */
export async function makeDueDigests(
  deps: DigestDeps,
  options: { closeAtNow?: boolean } = {},
): Promise<MadeDigest[]> {
  const now = deps.now();
  let previous = await lastDigest(deps.digests);
  const made: MadeDigest[] = [];
  for (const period of digestPeriods(previous?.digest.periodEnd ?? null, now, options.closeAtNow)) {
    const caseIds = await deps.caseQueue.changedSince(period.start);
    const cases: DigestCase[] = [];
    const problems: DigestProblem[] = [];
    for (let i = 0; i < caseIds.length; i += CASE_READS_IN_PARALLEL) {
      const anchored = await Promise.all(
        caseIds.slice(i, i + CASE_READS_IN_PARALLEL).map((id) => anchorCase(deps.trails, id, period)),
      );
      for (const { entry, problem } of anchored) {
        if (entry) cases.push(entry);
        if (problem) problems.push(problem);
      }
    }
    const digest = sealDigest({
      format: DIGEST_FORMAT,
      periodStart: period.start,
      periodEnd: period.end,
      createdAt: now.toISOString(),
      previous: previous ? { name: previous.name, digestHash: previous.digest.digestHash } : null,
      cases,
      problems,
    });
    const name = digestName(period.end);
    // Someone else made it first (two runs at once): theirs stands, and the next run continues from it.
    if (!(await deps.digestWrites.create(name, digestText(digest)))) break;
    made.push({ name, periodStart: period.start, periodEnd: period.end, cases: cases.length, problems });
    previous = { name, digest };
  }
  return made;
}
