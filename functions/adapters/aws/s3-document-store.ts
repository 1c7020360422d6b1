import { createHash } from "node:crypto";
import { AwsClient } from "aws4fetch";
import { CodedError } from "../../../domain/errors";
import type { DocumentStore } from "../../app/ports";

export interface S3DocumentStoreConfig {
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  endpoint?: string;
  maxBytes: number;
}

export const DOCUMENT_PREFIX = "documents/";

/**
 * Port `documents` on AWS: the private, encrypted document bucket (infra/aws), two signed requests
 * through aws4fetch as the digest store does (the S3 client would not fit the bundle budget).
 * `If-None-Match: *` keeps a document from ever being replaced under its recorded hash.
 */
export function createS3DocumentStore(config: S3DocumentStoreConfig): DocumentStore {
  const { bucket, region } = config;
  const aws = new AwsClient({ ...config.credentials, service: "s3", region, retries: 3 });
  const base = config.endpoint
    ? `${config.endpoint.replace(/\/+$/, "")}/${bucket}`
    : `https://${bucket}.s3.${region}.amazonaws.com`;
  const url = (key: string) =>
    `${base}/${DOCUMENT_PREFIX}${key.split("/").map(encodeURIComponent).join("/")}`;
  return {
    maxBytes: config.maxBytes,
    async put(key, bytes, contentType) {
      const response = await aws.fetch(url(key), {
        method: "PUT",
        body: Buffer.from(bytes),
        headers: {
          "content-type": contentType,
          "if-none-match": "*",
          "x-amz-content-sha256": createHash("sha256").update(bytes).digest("hex"),
        },
      });
      await response.body?.cancel();
      if (response.status === 412) return false;
      if (!response.ok)
        throw new CodedError("DOCUMENT_STORE_FAILED", `storing ${key} failed (${response.status})`);
      return true;
    },
    async get(key) {
      const response = await aws.fetch(url(key), {
        headers: { "x-amz-content-sha256": createHash("sha256").update("").digest("hex") },
      });
      if (response.status === 404) {
        await response.body?.cancel();
        return undefined;
      }
      if (!response.ok)
        throw new CodedError("DOCUMENT_STORE_FAILED", `reading ${key} failed (${response.status})`);
      return {
        bytes: new Uint8Array(await response.arrayBuffer()),
        contentType: response.headers.get("content-type") ?? "application/octet-stream",
      };
    },
  };
}
