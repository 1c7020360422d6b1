import { snapshotSchema } from "../../domain/monitoring/snapshot-schema";
import type { ZodMiniType } from "../../domain/zod";
import * as z from "../../domain/zod";
import {
  applicationSchema,
  caseListSchema,
  caseViewSchema,
  createdSchema,
  decisionFormSchema,
  deliveriesSchema,
  engineRefusedSchema,
  historySchema,
} from "./schemas";

/**
 * The route → documentation registry of the OpenAPI document: one entry per route, keyed
 * `"<METHOD> <path>"` as the catalog has it. A test fails when a catalog route has no entry (or an
 * entry no route), so a helper adding a route adds one entry here: a summary, its parameters, its
 * body and its answers, each answer a status with a schema (or a media type for pages). Problems
 * (4xx/5xx) need only their status and description: they all share the Problem shape.
 */

export interface ResponseDoc {
  description: string;
  /** JSON body schema; omitted for a Problem (4xx/5xx) and for pages. */
  schema?: ZodMiniType;
  /** A page or a file instead of JSON. */
  mediaType?: "text/html" | "text/csv";
  /** A name of an example in EXAMPLES (infra/openapi/examples.ts). */
  example?: string;
  headers?: Record<string, string>;
}

export interface RouteDoc {
  summary: string;
  description?: string;
  tags: string[];
  query?: { name: string; description: string; required?: boolean; schema: Record<string, unknown> }[];
  headers?: { name: string; description: string; schema: Record<string, unknown> }[];
  body?: {
    schema: ZodMiniType;
    mediaType?: "application/json" | "application/x-www-form-urlencoded";
    example?: string;
  };
  responses: Record<number, ResponseDoc>;
  /** Served only by the local runtime (`npm start`), not on AWS. */
  localOnly?: true;
}

const signedLinkQuery: RouteDoc["query"] = [
  {
    name: "a",
    description: "the approver the link was issued to",
    required: true,
    schema: { type: "string" },
  },
  { name: "s", description: "the stage", required: true, schema: { type: "string" } },
  { name: "e", description: "expiry, epoch seconds", required: true, schema: { type: "string" } },
  { name: "sig", description: "the link's HMAC signature", required: true, schema: { type: "string" } },
];

const readerErrors = {
  401: { description: "not signed in" },
  404: { description: "no such case, or not one the caller may read" },
};

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  "POST /cases": {
    summary: "Submit an application as a new case",
    description:
      "An RM of the application's branch submits in their own name. With an Idempotency-Key a retry gets the first answer again.",
    tags: ["cases"],
    headers: [
      {
        name: "Idempotency-Key",
        description:
          "1–128 characters of A-Z a-z 0-9 . _ : ~ + / = -; the same key with the same body replays the first answer",
        schema: { type: "string", pattern: "^[A-Za-z0-9._:~+/=-]{1,128}$" },
      },
    ],
    body: { schema: applicationSchema, example: "application" },
    responses: {
      201: {
        description: "the case, recorded and its workflow started",
        schema: createdSchema,
        example: "created",
        headers: {
          "idempotent-replayed":
            "`true` when this is the first answer to an earlier request with the same key",
        },
      },
      400: {
        description: "the application (or the Idempotency-Key) is invalid; `errors` names each problem",
      },
      401: { description: "not signed in" },
      403: { description: "not an RM of the branch, or submitting for someone else" },
      409: { description: "the application already has an open case" },
      413: { description: "body over 1 MB" },
      415: { description: "not application/json" },
      422: { description: "the Idempotency-Key was used with a different body" },
      503: {
        description: "the workflow engine refused the case (recorded as FAILED)",
        schema: engineRefusedSchema,
      },
    },
  },
  "GET /cases": {
    summary: "Cases in one status (credit administration's queue)",
    tags: ["cases"],
    query: [
      { name: "status", description: "the status", required: true, schema: { type: "string" } },
      {
        name: "limit",
        description: "1–200, default 50",
        schema: { type: "integer", minimum: 1, maximum: 200 },
      },
    ],
    responses: {
      200: { description: "newest-updated first, only cases the caller may read", schema: caseListSchema },
      400: { description: "bad status or limit" },
      401: { description: "not signed in" },
    },
  },
  "GET /cases/{id}": {
    summary: "A case: status, stage, assessment summary, who it waits for",
    tags: ["cases"],
    responses: { 200: { description: "the case view", schema: caseViewSchema }, ...readerErrors },
  },
  "PUT /cases/{id}": {
    summary: "Resubmit a RETURNED case as its next version",
    tags: ["cases"],
    body: { schema: applicationSchema, example: "application" },
    responses: {
      200: { description: "the next version, its workflow started", schema: createdSchema },
      400: { description: "invalid application, or another applicationId" },
      401: { description: "not signed in" },
      403: { description: "not the case's submitter" },
      404: { description: "no such case" },
      409: { description: "the case is not RETURNED, or changed meanwhile" },
      503: { description: "the workflow engine refused the case", schema: engineRefusedSchema },
    },
  },
  "GET /cases/{id}/history": {
    summary: "A case's audit trail events, oldest first",
    tags: ["cases"],
    responses: { 200: { description: "the trail", schema: historySchema }, ...readerErrors },
  },
  "GET /cases/{id}/audit": {
    summary: "The auditor's page of a case: the verified chain, the digests, the timeline",
    tags: ["audit"],
    responses: { 200: { description: "HTML page", mediaType: "text/html" }, ...readerErrors },
  },
  "GET /approvals/{approvalId}": {
    summary: "The approval page of an e-mailed, signed link (read only)",
    tags: ["approvals"],
    query: signedLinkQuery,
    responses: {
      200: { description: "HTML page with the decision form", mediaType: "text/html" },
      403: { description: "bad or expired signature (HTML)", mediaType: "text/html" },
      404: { description: "no such approval (HTML)", mediaType: "text/html" },
    },
  },
  "POST /approvals/{approvalId}": {
    summary: "Record the approver's decision",
    tags: ["approvals"],
    body: { schema: decisionFormSchema, mediaType: "application/x-www-form-urlencoded" },
    responses: {
      200: { description: "confirmation page", mediaType: "text/html" },
      400: { description: "bad form (HTML)", mediaType: "text/html" },
      403: { description: "bad signature, CSRF token or approver (HTML)", mediaType: "text/html" },
      409: { description: "already decided or closed (HTML)", mediaType: "text/html" },
    },
  },
  "GET /openapi.json": {
    summary: "This document",
    tags: ["meta"],
    responses: { 200: { description: "OpenAPI 3.1", schema: undefined } },
  },
  "GET /events": {
    summary: "The webhook delivery log (credit administration, auditors)",
    tags: ["events"],
    localOnly: true,
    query: [
      {
        name: "limit",
        description: "1–1000, default 100",
        schema: { type: "integer", minimum: 1, maximum: 1000 },
      },
      { name: "caseId", description: "only this case's deliveries", schema: { type: "string" } },
    ],
    responses: {
      200: { description: "newest first", schema: deliveriesSchema },
      400: { description: "bad limit" },
      401: { description: "not signed in" },
      403: { description: "neither credit administration nor an auditor" },
    },
  },
  "POST /loans/{caseId}/snapshots": {
    summary: "Record a monthly monitoring snapshot of an approved credit",
    description:
      "Answered with the warning the policy derives from it (signals, tier, response days, floor).",
    tags: ["monitoring"],
    body: { schema: snapshotSchema },
    responses: {
      201: { description: "recorded; its warning", schema: z.looseObject({ snapshotId: z.string() }) },
      200: { description: "this snapshot id was recorded before; its warning", schema: z.looseObject({}) },
      400: { description: "the snapshot is invalid; `errors` names each problem by JSON path" },
      401: { description: "not signed in" },
      403: { description: "not credit administration of the case's branch" },
      404: { description: "no such case" },
      409: { description: "the case is not APPROVED" },
    },
  },
  "POST /loans/snapshots": {
    summary: "Record a month's snapshots as a batch (JSONL or CSV), answered line by line",
    tags: ["monitoring"],
    responses: {
      200: {
        description: "each line recorded, duplicate or refused with its problems",
        schema: z.looseObject({}),
      },
      400: { description: "unreadable batch" },
      401: { description: "not signed in" },
      403: { description: "not credit administration" },
    },
  },
  "POST /loans/{caseId}/actions/{action}": {
    summary:
      "Record a person's action on a credit: respond, clear, classify (four eyes), exit plan, reduction",
    tags: ["monitoring"],
    body: { schema: z.looseObject({}) },
    responses: {
      201: { description: "the events recorded", schema: z.looseObject({ creditId: z.string() }) },
      400: { description: "bad action or body" },
      401: { description: "not signed in" },
      403: { description: "not allowed to take this action" },
      404: { description: "no such credit" },
      409: { description: "the rule refuses it (its reason in `code`)" },
    },
  },
  "GET /loans/{caseId}": {
    summary: "A credit after approval: snapshots, tier, warnings, classification, covenants (JSON or page)",
    tags: ["monitoring"],
    responses: {
      200: { description: "the credit (JSON, or HTML for Accept: text/html)", schema: z.looseObject({}) },
      ...readerErrors,
    },
  },
  "GET /warnings": {
    summary: "Open warnings across the book (JSON or page)",
    tags: ["monitoring"],
    responses: {
      200: { description: "the warnings (JSON, or HTML for Accept: text/html)", schema: z.looseObject({}) },
      401: { description: "not signed in" },
      403: { description: "not allowed to list warnings" },
    },
  },
  "GET /reports/classification": {
    summary: "The five-category classification report as of a day (JSON, page or CSV)",
    tags: ["monitoring"],
    query: [
      { name: "report", description: "which report", schema: { type: "string" } },
      { name: "date", description: "the day, YYYY-MM-DD in the bank's zone", schema: { type: "string" } },
      { name: "format", description: "`csv` for a file", schema: { type: "string", enum: ["csv"] } },
    ],
    responses: {
      200: { description: "the report", schema: z.looseObject({}) },
      400: { description: "bad report or date" },
      401: { description: "not signed in" },
      403: { description: "not allowed to read reports" },
    },
  },
  "GET /": {
    summary: "The signed-in person's home page (by role)",
    tags: ["web"],
    responses: {
      200: { description: "HTML page", mediaType: "text/html" },
      401: { description: "not signed in" },
    },
  },
  "GET /cases/new": {
    summary: "The application form (an RM)",
    tags: ["web"],
    responses: {
      200: { description: "HTML form", mediaType: "text/html" },
      401: { description: "not signed in" },
      403: { description: "not a relationship manager (HTML)", mediaType: "text/html" },
    },
  },
  "POST /cases/new": {
    summary: "Submit the application form: the same use case as POST /cases",
    tags: ["web"],
    body: { schema: z.looseObject({}), mediaType: "application/x-www-form-urlencoded" },
    responses: {
      303: { description: "to the new case's page" },
      400: { description: "the form again with each problem by its field (HTML)", mediaType: "text/html" },
      401: { description: "not signed in" },
      403: { description: "not an RM of the branch, or a bad CSRF token (HTML)", mediaType: "text/html" },
      409: { description: "the application already has an open case (HTML)", mediaType: "text/html" },
    },
  },
  "POST /cases/preview": {
    summary: "The assessment the domain would make of the form, storing nothing",
    tags: ["web"],
    body: { schema: z.looseObject({}), mediaType: "application/x-www-form-urlencoded" },
    responses: {
      200: { description: "the form with the preview (HTML)", mediaType: "text/html" },
      400: { description: "the form again with each problem by its field (HTML)", mediaType: "text/html" },
      401: { description: "not signed in" },
      403: { description: "not a relationship manager, or a bad CSRF token (HTML)", mediaType: "text/html" },
    },
  },
  "POST /drafts": {
    summary: "Save the application form as a draft",
    tags: ["web"],
    body: { schema: z.looseObject({}), mediaType: "application/x-www-form-urlencoded" },
    responses: {
      303: { description: "to the saved draft" },
      401: { description: "not signed in" },
      403: { description: "not a relationship manager, or a bad CSRF token (HTML)", mediaType: "text/html" },
    },
  },
  "GET /drafts/{draftId}": {
    summary: "Reopen a saved draft in the form",
    tags: ["web"],
    responses: {
      200: { description: "HTML form", mediaType: "text/html" },
      401: { description: "not signed in" },
      404: { description: "no such draft of the caller's (HTML)", mediaType: "text/html" },
    },
  },
  "GET /cases/{id}/edit": {
    summary: "A RETURNED case's application in the form, to edit and resubmit",
    tags: ["web"],
    responses: { 200: { description: "HTML form", mediaType: "text/html" }, ...readerErrors },
  },
  "POST /cases/{id}/resubmit": {
    summary: "Resubmit the edited form as the case's next version: the same use case as PUT /cases/{id}",
    tags: ["web"],
    body: { schema: z.looseObject({}), mediaType: "application/x-www-form-urlencoded" },
    responses: {
      303: { description: "to the case's page" },
      400: { description: "the form again with each problem by its field (HTML)", mediaType: "text/html" },
      401: { description: "not signed in" },
      403: { description: "not the case's submitter, or a bad CSRF token (HTML)", mediaType: "text/html" },
      409: { description: "the case is not RETURNED (HTML)", mediaType: "text/html" },
    },
  },
  "POST /cases/{id}/documents": {
    summary: "Attach a document (PDF, PNG, JPEG, xlsx) to a case; its SHA-256 is recorded in the trail",
    tags: ["documents"],
    responses: {
      303: { description: "to the case's page" },
      400: { description: "no file, or its content is not of an accepted type" },
      401: { description: "not signed in" },
      403: { description: "not allowed to attach to this case" },
      404: { description: "no such case" },
      413: { description: "over the size limit" },
    },
  },
  "GET /cases/{id}/documents/{documentId}": {
    summary: "A case's document, served only while its bytes match the recorded SHA-256",
    tags: ["documents"],
    responses: { 200: { description: "the file" }, ...readerErrors },
  },
};
