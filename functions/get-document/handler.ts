import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { documentsOf, sha256Of } from "../app/workflow/documents";
import { httpErrors } from "../shared/http/errors";
import { readableCase } from "../shared/http/readable-case";
import { problem } from "../shared/http/responses";
import { caseReader } from "../wiring/cases";
import { directory } from "../wiring/directory";
import { documents } from "../wiring/documents";
import { observe } from "../wiring/observe";

const observed = observe("get-document");
const deps = { cases: caseReader(), directory: directory(), documents: documents() };

/** A file name safe inside a quoted header parameter; the full name is in the RFC 5987 form beside it. */
const asciiName = (name: string) => name.replace(/[^A-Za-z0-9._ -]/g, "_");

/**
 * GET /cases/{id}/documents/{documentId}: the file, to anyone who may read the case, and only when
 * its bytes still hash to what the trail recorded (a changed file is refused, not served).
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const found = await readableCase(deps, event);
  if (!found.ok) return found.response;
  const documentId = event.pathParameters?.documentId ?? "";
  const record = documentsOf(found.events).find((d) => d.documentId === documentId);
  if (!record) return problem(404, "NOT_FOUND", `no document ${documentId} on case ${found.state.caseId}`);
  const stored = await deps.documents.get(`${found.state.caseId}/${documentId}`);
  if (!stored || sha256Of(stored.bytes) !== record.sha256) {
    observed.telemetry.error("document missing or changed", { caseId: found.state.caseId, documentId });
    return problem(409, "DOCUMENT_MISMATCH", `document ${documentId} is not the file that was attached`);
  }
  return {
    statusCode: 200,
    headers: {
      "content-type": record.contentType,
      "content-disposition": `attachment; filename="${asciiName(record.name)}"; filename*=UTF-8''${encodeURIComponent(record.name)}`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    },
    isBase64Encoded: true,
    body: Buffer.from(stored.bytes).toString("base64"),
  };
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
