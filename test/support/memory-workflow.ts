import {
  type Application,
  type AuditEvent,
  chainEvents,
  type Decision,
  genesisHead,
  type Stage,
} from "../../domain";
import { csrfToken, signLink } from "../../functions/app/links";
import type { ApprovalRecord } from "../../functions/app/ports";
import { assessStep } from "../../functions/app/workflow/assess";
import { type DecideOutcome, decide, type LinkParams } from "../../functions/app/workflow/decide";
import { nextStageStep } from "../../functions/app/workflow/next-stage";
import { openStageStep } from "../../functions/app/workflow/open-stage";
import { submitCase } from "../../functions/app/workflow/submit";
import { type memoryWorld, SIGNING_KEY } from "./memory-ports";

/**
 * The state machine's part, played by hand over the in-memory ports: the tests call the very use
 * cases each step's handler calls, in the order approval.asl.json runs them.
 */

export type World = ReturnType<typeof memoryWorld>;

/** The task token the run would wait on at this stage attempt. */
export const tokenFor = (caseId: string, stage: Stage, attempt: number) =>
  `TOKEN-${caseId}-${stage}-${attempt}`;

/** Submitted by its relationship manager and assessed: the case waits at its first stage, whose approvers are mailed. */
export async function caseAtFirstStage(
  world: World,
  app: Application,
): Promise<{ caseId: string; stage: Stage }> {
  const submitted = await submitCase(world.deps, app, app.submittedBy);
  if (submitted.kind !== "CREATED") throw new Error(`not created: ${JSON.stringify(submitted)}`);
  const { caseId } = submitted;
  await assessStep(world.deps, { caseId, caseVersion: 1 });
  const stage = await openNextStage(world, caseId);
  return { caseId, stage };
}

/** NextStage then AwaitDecision: the next stage of the route opens with a fresh token. */
export async function openNextStage(world: World, caseId: string): Promise<Stage> {
  const next = await nextStageStep(world.deps, { caseId });
  if (next.done || !next.stage) throw new Error(`case ${caseId} has no stage left`);
  await openStageStep(world.deps, {
    caseId,
    stage: next.stage,
    attempt: next.attempt,
    slaSeconds: next.slaSeconds,
    taskToken: tokenFor(caseId, next.stage, next.attempt),
  });
  return next.stage;
}

/** The approval `approverId` holds on the case, as the store has it. */
export function approvalOf(world: World, caseId: string, approverId: string): ApprovalRecord {
  const found = [...world.store.approvals.values()]
    .filter((a) => a.caseId === caseId && a.approverId === approverId)
    .at(-1);
  if (!found) throw new Error(`${approverId} holds no approval on ${caseId}`);
  return found;
}

/** The link an approval's mail carries, as its fields. */
export function linkFor(a: ApprovalRecord): LinkParams {
  const expiresAt = Math.floor(Date.parse(a.expiresAt) / 1000);
  const fields = { approvalId: a.approvalId, approverId: a.approverId, stage: a.stage, expiresAt };
  return { ...fields, sig: signLink(fields, SIGNING_KEY) };
}

/** `approverId` opens their link and posts the form, signed in as themselves. */
export function decideAs(
  world: World,
  caseId: string,
  approverId: string,
  decision: Decision,
  comment = "reviewed",
): Promise<DecideOutcome> {
  const link = linkFor(approvalOf(world, caseId, approverId));
  const csrf = csrfToken(link.approvalId, link.sig, SIGNING_KEY);
  return decide(world.deps, link, { decision, comment, csrf }, approverId);
}

/** The event types of the case's trail, oldest first. */
export function trail(world: World, caseId: string): string[] {
  return (world.store.events.get(caseId) ?? []).map((e) => e.type);
}

/** The case's trail as the table keeps it: its recorded events chained from the genesis head. */
export function chainedTrail(world: World, caseId: string): AuditEvent[] {
  const events = world.store.events.get(caseId) ?? [];
  return chainEvents(
    genesisHead(caseId),
    events.map((e) => ({
      type: e.type,
      at: e.at,
      actor: e.actor,
      payload: e.payload as Record<string, unknown>,
    })),
  );
}
