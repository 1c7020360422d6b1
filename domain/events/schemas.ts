import { STAGES } from "../policy/stages";
import * as z from "../zod";
import {
  DOMAIN_EVENT_SPEC_VERSION,
  DOMAIN_EVENT_TYPES,
  type DomainEventData,
  type DomainEventType,
} from "./domain-events";

/**
 * The domain events' contract as schemas: docs/events/<Type>.schema.json is generated from these
 * (`npm run event-schemas`), and the tests hold every event the mapping produces to them, so the
 * documents cannot drift from what is sent.
 */

const money = z.string().check(z.regex(/^-?\d+(\.\d+)?$/, "a decimal string"));
const stage = z.enum(STAGES);
const facility = z.object({ type: z.string(), amount: money, tenorMonths: z.number().check(z.int()) });
const reasons = z.array(z.string());

const DATA = {
  CaseSubmitted: z.object({
    applicationId: z.string(),
    branch: z.string(),
    submittedBy: z.string(),
    borrowerName: z.string(),
    facilities: z.array(facility),
  }),
  CaseAssessed: z.object({
    policyVersion: z.string(),
    route: z.array(stage),
    requestedTotal: money,
    maxLimit: money,
    exceptions: z.array(z.string()),
    autoDecline: z.nullable(z.array(z.string())),
  }),
  StageDecided: z.object({
    stage,
    outcome: z.enum(["approve", "decline", "return"]),
    tally: z.optional(
      z.object({
        approve: z.number(),
        decline: z.number(),
        votes: z.number(),
        roster: z.number(),
        abstain: z.optional(z.number()),
        recused: z.optional(z.number()),
      }),
    ),
  }),
  CaseApproved: z.object({
    applicationId: z.string(),
    facilities: z.array(facility),
    approvedTotal: money,
    conditions: z.array(z.object({ code: z.string(), message: z.string() })),
    approverConditions: z.array(z.object({ stage, approverId: z.string(), text: z.string() })),
  }),
  CaseDeclined: z.object({ applicationId: z.string(), reasons }),
  CaseReturned: z.object({ applicationId: z.string(), reasons }),
  CaseStalled: z.object({ stage, attempt: z.number().check(z.int(), z.positive()) }),
  CaseWithdrawn: z.object({ applicationId: z.string(), reason: z.string() }),
} satisfies { [T in DomainEventType]: z.ZodMiniType<DomainEventData[T]> };

const hash = z.string().check(z.regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex"));

/** The envelope of one type, with its data. */
export function domainEventSchema<T extends DomainEventType>(type: T) {
  return z.object({
    specVersion: z.literal(DOMAIN_EVENT_SPEC_VERSION),
    id: z.string(),
    type: z.literal(type),
    caseId: z.string(),
    caseVersion: z.number().check(z.int(), z.positive()),
    seq: z.number().check(z.int(), z.positive()),
    at: z.string(),
    hash,
    prevHash: hash,
    data: DATA[type],
  });
}

/** Every type's JSON Schema (2020-12), as written to docs/events/. */
export function domainEventJsonSchemas(): Record<DomainEventType, object> {
  return Object.fromEntries(
    DOMAIN_EVENT_TYPES.map((type) => [
      type,
      {
        $id: `https://sme-credit-approval.example/events/${type}.schema.json`,
        title: type,
        ...z.toJSONSchema(domainEventSchema(type)),
      },
    ]),
  ) as Record<DomainEventType, object>;
}
