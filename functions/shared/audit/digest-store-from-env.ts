import { S3Client } from "@aws-sdk/client-s3";
import type { DigestStore } from "./digest-store";
import { createFileDigestStore } from "./digest-store-files";
import { createS3DigestStore } from "./digest-store-s3";

/** DIGEST_BUCKET on AWS (set by the CDK app), DIGEST_DIR in the embedded runtime; neither: none. */
export function digestStoreFromEnv(env: NodeJS.ProcessEnv = process.env): DigestStore | null {
  if (env.DIGEST_BUCKET) return createS3DigestStore(new S3Client({}), env.DIGEST_BUCKET);
  if (env.DIGEST_DIR) return createFileDigestStore(env.DIGEST_DIR);
  return null;
}
