import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DIGEST_PREFIX } from "./digest-location";
import type { DigestStore } from "./digest-store";

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * Digests in an S3 bucket with Object Lock (infra/aws): the bucket's default retention keeps every
 * object version from deletion, and `If-None-Match: *` keeps a second run from adding a version
 * over an existing digest. The SHA-256 checksum is the integrity header Object Lock requires on PUT.
 */
export function createS3DigestStore(client: S3Client, bucket: string): DigestStore {
  const key = (name: string) => `${DIGEST_PREFIX}${name}.json`;
  return {
    location: `s3://${bucket}/${DIGEST_PREFIX}`,
    async names() {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: DIGEST_PREFIX, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) {
          if (o.Key?.endsWith(".json")) names.push(o.Key.slice(DIGEST_PREFIX.length, -".json".length));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return names.sort();
    },
    async read(name) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(name) }));
        return await out.Body?.transformToString("utf-8");
      } catch (error) {
        if (error instanceof NoSuchKey || statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async create(name, text) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key(name),
            Body: text,
            ContentType: "application/json",
            IfNoneMatch: "*",
            ChecksumAlgorithm: "SHA256",
          }),
        );
        return true;
      } catch (error) {
        // 412: the digest exists; 409: another writer is creating it right now.
        if (statusOf(error) === 412 || statusOf(error) === 409) return false;
        throw error;
      }
    },
  };
}
