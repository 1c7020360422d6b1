import { applicationSchema } from "../../domain/application/schema";
import { CASE_STATUSES } from "../../domain/case/types";
import { STAGES } from "../../domain/policy/stages";
import * as z from "../../domain/zod";

/**
 * The API's shapes as zod schemas: the request schemas are the ones the handlers validate with (the
 * application), the response shapes are written here from what the handlers answer and held to it by
 * the e2e tests, which validate real responses against the generated document.
 */

export const problemSchema = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});

export const createdSchema = z.object({
  caseId: z.string(),
  caseVersion: z.number().check(z.int(), z.positive()),
  status: z.enum(CASE_STATUSES),
});

export const engineRefusedSchema = z.object({
  code: z.literal("ENGINE_UNAVAILABLE"),
  message: z.string(),
  caseId: z.string(),
});

const stage = z.enum(STAGES);

export const caseViewSchema = z.looseObject({
  caseId: z.string(),
  applicationId: z.string(),
  caseVersion: z.number().check(z.int(), z.positive()),
  status: z.enum(CASE_STATUSES),
  stalled: z.boolean(),
  stage: z.nullable(stage),
  branch: z.string(),
  submittedBy: z.string(),
  borrowerName: z.string(),
  route: z.array(stage),
  stages: z.array(z.looseObject({ stage, outcome: z.nullable(z.string()), attempt: z.number() })),
  pendingApprovers: z.array(z.string()),
  assessment: z.nullable(z.looseObject({ policyVersion: z.string() })),
  reasons: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const caseListSchema = z.object({ status: z.enum(CASE_STATUSES), cases: z.array(caseViewSchema) });

export const historySchema = z.object({
  caseId: z.string(),
  events: z.array(
    z.object({
      seq: z.number().check(z.int(), z.positive()),
      type: z.string(),
      at: z.string(),
      actor: z.string(),
      payload: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const deliveriesSchema = z.object({
  deliveries: z.array(
    z.object({
      at: z.string(),
      webhook: z.string(),
      eventId: z.string(),
      type: z.string(),
      caseId: z.string(),
      seq: z.number(),
      attempt: z.number(),
      outcome: z.enum(["DELIVERED", "FAILED"]),
      httpStatus: z.optional(z.number()),
      error: z.optional(z.string()),
      retryAt: z.optional(z.string()),
    }),
  ),
});

export const decisionFormSchema = z.object({
  decision: z.enum(["approve", "decline", "return"]),
  comment: z.string(),
  csrf: z.string(),
  a: z.string(),
  s: z.string(),
  e: z.string(),
  sig: z.string(),
});

export { applicationSchema };

/** A schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), without its own `$schema`. */
export function jsonSchema(schema: z.ZodMiniType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    unrepresentable: "any",
    io: "input",
  }) as Record<string, unknown>;
  return rest;
}
