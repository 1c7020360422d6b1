import { CodedError } from "../../domain/errors";
import { createS3DigestStore } from "../adapters/aws/s3-digest-store";
import { createFileDigestStore } from "../adapters/local/file-digest-store";
import type { DigestReader, DigestWriter } from "../app/ports";
import { ENV } from "./config";

let shared: (DigestReader & DigestWriter) | undefined;

/** DIGEST_BUCKET on AWS (set by the CDK app), DIGEST_DIR in the embedded runtime; neither: null. */
export function digestStoreFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): (DigestReader & DigestWriter) | null {
  const bucket = env[ENV.digestBucket];
  if (bucket) {
    // What Lambda puts in every function's environment; AWS_ENDPOINT_URL_S3 is the SDK's own override.
    const {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
    } = env;
    if (!region || !accessKeyId || !secretAccessKey)
      throw new CodedError("DIGEST_STORE_MISSING", "the S3 digest store needs AWS_REGION and credentials");
    return createS3DigestStore({
      bucket,
      region,
      credentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
      endpoint: env.AWS_ENDPOINT_URL_S3,
    });
  }
  const dir = env[ENV.digestDir];
  if (dir) return createFileDigestStore(dir);
  return null;
}

/** The digest store of this process; a function that declares a digest port and has none is misconfigured. */
export function digestStore(): DigestReader & DigestWriter {
  shared ??= digestStoreFromEnv() ?? undefined;
  if (!shared)
    throw new CodedError("DIGEST_STORE_MISSING", `digests need ${ENV.digestBucket} or ${ENV.digestDir}`);
  return shared;
}
