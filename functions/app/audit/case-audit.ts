import {
  anchorsFor,
  asRecorded,
  type CaseState,
  checkDecisions,
  type PolicyRegistry,
  type RecordedEvent,
  type Replay,
  type Reproduction,
  replay,
  reproduceAssessments,
  type TrailVerdict,
  type Violation,
  verifyDigestChain,
  verifyTrail,
} from "../../../domain";
import type { CaseTrail, DigestReader, Ports } from "../ports";
import { loadDigests } from "./load-digests";

/**
 * An audit reads the trail and the digests, and judges decisions by the directory's roles and the
 * policy versions the case recorded (a registry, so the CLI and tests can hand their own).
 */
export interface AuditDeps extends Pick<Ports, "trails" | "directory"> {
  /** Null where no digest store is configured (a CLI run without one): the report then says the trail is not anchored. */
  digests: DigestReader | null;
  policies: PolicyRegistry;
  now(): Date;
}

export interface CaseAudit {
  caseId: string;
  generatedAt: string;
  trail: CaseTrail;
  events: RecordedEvent[];
  verdict: TrailVerdict;
  digests: {
    location: string | null;
    /** Digests read and checked (their own hash and their links). */
    checked: number;
    anchoredIn: string[];
    chainProblems: { name: string; message: string }[];
  };
  replay: Replay;
  reproductions: Reproduction[];
  violations: Violation[];
  /** The case as its events fold, or as its STATE item says when the events cannot be folded. */
  state: CaseState | undefined;
  /** Verified, anchored where digests exist, every assessment reproduced, no rule broken. */
  ok: boolean;
}

/**
 * Everything an auditor asks of one case, from the table and the digests alone: is the trail intact,
 * where is it anchored, what was the case at each step, do the assessments reproduce under their own
 * policy versions, and were the decisions taken by the rules of their time.
 */
export async function auditCase(deps: AuditDeps, caseId: string): Promise<CaseAudit | undefined> {
  const trail = await deps.trails.readTrail(caseId);
  if (!trail) return undefined;
  const loaded = deps.digests ? await loadDigests(deps.digests) : { digests: [], unreadable: [] };
  const anchors = anchorsFor(caseId, loaded.digests);
  const head = trail.state ? { seq: trail.state.version, hash: trail.state.headHash } : null;
  const verdict = verifyTrail(caseId, trail.items, { head, digests: anchors });
  const events = trail.items.flatMap((item) => (item.event ? [asRecorded(item.event)] : []));
  const replayed = replay(caseId, events);
  const reproductions = reproduceAssessments(events, deps.policies);
  const violations = checkDecisions(events, {
    policies: deps.policies,
    holdsRole: (user, branch, stage) => deps.directory.hasRole(user, branch, stage),
  });
  const chainProblems = [...loaded.unreadable, ...verifyDigestChain(loaded.digests)];
  const state = replayed.state ?? (trail.state?.projection as CaseState | undefined);
  return {
    caseId,
    generatedAt: deps.now().toISOString(),
    trail,
    events,
    verdict,
    digests: {
      location: deps.digests?.location ?? null,
      checked: loaded.digests.length,
      anchoredIn: [...new Set(anchors.map((a) => a.digest))],
      chainProblems,
    },
    replay: replayed,
    reproductions,
    violations,
    state,
    ok:
      verdict.ok &&
      chainProblems.length === 0 &&
      replayed.ok &&
      reproductions.every((r) => r.outcome === "REPRODUCED") &&
      violations.length === 0,
  };
}
