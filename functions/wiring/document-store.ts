import { CodedError } from "../../domain/errors";
import { createS3DocumentStore } from "../adapters/aws/s3-document-store";
import { createFileDocumentStore } from "../adapters/local/file-document-store";
import type { DocumentStore } from "../app/ports";
import { ENV } from "./config";

/**
 * Within one request through either gateway with the multipart form around it: the local gateway and
 * the handlers read at most 1 MB, and Lambda's 6 MB payload limit is far above it.
 */
export const DEFAULT_DOCUMENT_MAX_BYTES = 900 * 1024;

/** The configured size limit alone, for pages that only say it (no store, no grant). */
export function documentLimit(env: NodeJS.ProcessEnv = process.env): number {
  return maxBytesOf(env);
}

function maxBytesOf(env: NodeJS.ProcessEnv): number {
  const raw = env[ENV.documentMaxBytes];
  if (raw === undefined || raw === "") return DEFAULT_DOCUMENT_MAX_BYTES;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > DEFAULT_DOCUMENT_MAX_BYTES)
    throw new CodedError(
      "CONFIG_INVALID",
      `${ENV.documentMaxBytes} must be a whole number of bytes from 1 to ${DEFAULT_DOCUMENT_MAX_BYTES}`,
    );
  return n;
}

/** DOCUMENT_BUCKET on AWS, DOCUMENT_DIR in the embedded runtime, checked at load. */
export function documentStore(env: NodeJS.ProcessEnv = process.env): DocumentStore {
  const maxBytes = maxBytesOf(env);
  const bucket = env[ENV.documentBucket];
  if (bucket) {
    const {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
    } = env;
    if (!region || !accessKeyId || !secretAccessKey)
      throw new CodedError("CONFIG_INVALID", "the S3 document store needs AWS_REGION and credentials");
    return createS3DocumentStore({
      bucket,
      region,
      credentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
      endpoint: env.AWS_ENDPOINT_URL_S3,
      maxBytes,
    });
  }
  const dir = env[ENV.documentDir];
  if (dir) return createFileDocumentStore(dir, maxBytes);
  throw new CodedError("CONFIG_INVALID", `documents need ${ENV.documentBucket} or ${ENV.documentDir}`);
}
