import { S3Client } from "@aws-sdk/client-s3";
import { DIGEST_BUCKET_ENV, DIGEST_DIR_ENV } from "./digest-location";
import type { DigestStore } from "./digest-store";
import { createFileDigestStore } from "./digest-store-files";
import { createS3DigestStore } from "./digest-store-s3";

/** DIGEST_BUCKET on AWS (set by the CDK app), DIGEST_DIR in the embedded runtime; neither: none. */
export function digestStoreFromEnv(env: NodeJS.ProcessEnv = process.env): DigestStore | null {
  const bucket = env[DIGEST_BUCKET_ENV];
  if (bucket) return createS3DigestStore(new S3Client({}), bucket);
  const dir = env[DIGEST_DIR_ENV];
  if (dir) return createFileDigestStore(dir);
  return null;
}
