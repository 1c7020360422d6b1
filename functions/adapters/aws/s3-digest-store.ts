import { createHash } from "node:crypto";
import { AwsClient } from "aws4fetch";
import { CodedError } from "../../../domain/errors";
import type { DigestReader, DigestWriter } from "../../app/ports";
import { DIGEST_PREFIX } from "./digest-location";

export interface S3DigestStoreConfig {
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A path-style endpoint (tests, S3-compatible stores); absent: the bucket's own AWS endpoint. */
  endpoint?: string;
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const unescapeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => XML_ENTITIES[e] ?? "");
const sha256 = (text: string, encoding: "hex" | "base64") =>
  createHash("sha256").update(text, "utf8").digest(encoding);
/** Every request signs the hash of its body (aws4fetch would otherwise send S3 UNSIGNED-PAYLOAD). */
const EMPTY_BODY = { "x-amz-content-sha256": sha256("", "hex") };

const tagValues = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((m) => unescapeXml(m[1] ?? ""));

/**
 * Ports `digests` and `digestWrites` on AWS: an S3 bucket with Object Lock (infra/aws): the bucket's
 * default retention keeps every object version from deletion, and `If-None-Match: *` keeps a second
 * run from adding a version over an existing digest. The SHA-256 checksum is the integrity header
 * Object Lock requires on PUT.
 *
 * Three signed requests (ListObjectsV2, GetObject, PutObject) through aws4fetch rather than the S3
 * client, which alone would put the audit functions past their bundle budget (infra/aws/bundles.ts).
 */
export function createS3DigestStore(config: S3DigestStoreConfig): DigestReader & DigestWriter {
  const { bucket, region } = config;
  const aws = new AwsClient({ ...config.credentials, service: "s3", region, retries: 3 });
  const base = config.endpoint
    ? `${config.endpoint.replace(/\/+$/, "")}/${bucket}`
    : `https://${bucket}.s3.${region}.amazonaws.com`;
  const objectUrl = (name: string) => `${base}/${DIGEST_PREFIX}${encodeURIComponent(`${name}.json`)}`;

  async function failed(response: Response, what: string): Promise<never> {
    const body = await response.text();
    const code = tagValues(body, "Code")[0] ?? `HTTP ${response.status}`;
    throw new CodedError("DIGEST_STORE_FAILED", `${what} in s3://${bucket}: ${code} (${response.status})`);
  }

  return {
    location: `s3://${bucket}/${DIGEST_PREFIX}`,
    async names() {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const query = new URLSearchParams({ "list-type": "2", prefix: DIGEST_PREFIX });
        if (token) query.set("continuation-token", token);
        const response = await aws.fetch(`${base}/?${query.toString()}`, { headers: EMPTY_BODY });
        if (!response.ok) await failed(response, "listing the digests failed");
        const xml = await response.text();
        for (const key of tagValues(xml, "Key"))
          if (key.endsWith(".json")) names.push(key.slice(DIGEST_PREFIX.length, -".json".length));
        token =
          tagValues(xml, "IsTruncated")[0] === "true"
            ? tagValues(xml, "NextContinuationToken")[0]
            : undefined;
      } while (token);
      return names.sort();
    },
    async read(name) {
      const response = await aws.fetch(objectUrl(name), { headers: EMPTY_BODY });
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok) await failed(response, `reading the digest ${name} failed`);
      return response.text();
    },
    async create(name, text) {
      const response = await aws.fetch(objectUrl(name), {
        method: "PUT",
        body: text,
        headers: {
          "content-type": "application/json",
          "if-none-match": "*",
          "x-amz-content-sha256": sha256(text, "hex"),
          "x-amz-checksum-sha256": sha256(text, "base64"),
        },
      });
      // 412: the digest exists; 409: another writer is creating it right now.
      if (response.status === 412 || response.status === 409) {
        await response.body?.cancel();
        return false;
      }
      if (!response.ok) await failed(response, `writing the digest ${name} failed`);
      return true;
    },
  };
}
