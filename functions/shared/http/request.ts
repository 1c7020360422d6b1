import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { MAX_COMMENT_CHARS } from "../../app/workflow/decide";
import { notice } from "../html/layout";
import { html, problem } from "./responses";

/**
 * The largest JSON body a handler reads: as large as the local gateway's limit, so both runtimes
 * refuse the same requests (API Gateway itself would pass up to 10 MB). It is far above any valid
 * application (the application schema bounds every field), and large enough that an oversized field
 * inside a request under it is still named by its JSON path.
 */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/**
 * The decision form: a comment of at most 2,000 characters, percent-encoded (up to 9 bytes each for
 * Chinese text), plus the link's fields.
 */
export const MAX_FORM_BODY_BYTES = 32 * 1024;

const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";

/** The body as text, whatever the gateway did with it. */
export function bodyText(event: APIGatewayProxyEventV2): string {
  if (!event.body) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return event.isBase64Encoded
    ? Buffer.from(event.body, "base64").length
    : Buffer.byteLength(event.body, "utf8");
}

/** The media type alone, lower-cased: `Application/JSON; charset=utf-8` → `application/json`. */
function mediaType(event: APIGatewayProxyEventV2): string {
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === "content-type");
  return (header?.[1] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export type BodyRead<T> = { ok: true; value: T } | { ok: false; response: APIGatewayProxyStructuredResultV2 };

/**
 * A JSON request body, or the answer to give instead: 415 unless the body is declared JSON (a
 * text/plain post is what a cross-site form can send without a preflight), 413 over the size limit,
 * 400 when it does not parse.
 */
export function readJsonBody(event: APIGatewayProxyEventV2): BodyRead<unknown> {
  const type = mediaType(event);
  if (type !== JSON_TYPE) {
    return {
      ok: false,
      response: problem(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        `send the body as ${JSON_TYPE} (got ${type === "" ? "no content type" : type})`,
      ),
    };
  }
  if (bodyBytes(event) > MAX_JSON_BODY_BYTES) {
    return {
      ok: false,
      response: problem(413, "PAYLOAD_TOO_LARGE", `the body is larger than ${MAX_JSON_BODY_BYTES} bytes`),
    };
  }
  const text = bodyText(event);
  const invalid = (message: string) => ({
    ok: false as const,
    response: problem(400, "BAD_JSON", message, [{ path: "$", message }]),
  });
  if (text.trim() === "") return invalid("the request body is empty; send the application as JSON");
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return invalid(`the request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The decision form's fields, or the page to show instead (415 for anything but a form post, 413 when too large). */
export function readFormBody(event: APIGatewayProxyEventV2): BodyRead<URLSearchParams> {
  const type = mediaType(event);
  if (type !== FORM_TYPE) {
    return {
      ok: false,
      response: html(
        415,
        notice(
          "bad",
          "The decision was not recorded",
          `Decisions are sent by the form on the approval page (${FORM_TYPE}), not as ${type === "" ? "a body without a content type" : type}.`,
        ),
      ),
    };
  }
  if (bodyBytes(event) > MAX_FORM_BODY_BYTES) {
    return {
      ok: false,
      response: html(
        413,
        notice(
          "bad",
          "The decision was not recorded",
          `The form is too large; the comment is limited to ${MAX_COMMENT_CHARS} characters.`,
        ),
      ),
    };
  }
  return { ok: true, value: new URLSearchParams(bodyText(event)) };
}

/**
 * A text body of one of the media types given (a batch upload: JSON lines or CSV), with its type, or
 * the answer to give instead: 415 for another type, 413 over the JSON body limit.
 */
export function readTextBody(
  event: APIGatewayProxyEventV2,
  types: readonly string[],
): BodyRead<{ type: string; text: string }> {
  const type = mediaType(event);
  if (!types.includes(type))
    return {
      ok: false,
      response: problem(
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        `send the body as one of ${types.join(", ")} (got ${type === "" ? "no content type" : type})`,
      ),
    };
  if (bodyBytes(event) > MAX_JSON_BODY_BYTES)
    return {
      ok: false,
      response: problem(413, "PAYLOAD_TOO_LARGE", `the body is larger than ${MAX_JSON_BODY_BYTES} bytes`),
    };
  return { ok: true, value: { type, text: bodyText(event) } };
}
