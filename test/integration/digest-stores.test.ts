import { createHash } from "node:crypto";
import { mkdtempSync, statSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3DigestStore } from "../../functions/adapters/aws/s3-digest-store";
import { createFileDigestStore } from "../../functions/adapters/local/file-digest-store";
import type { DigestReader, DigestWriter } from "../../functions/app/ports";

/**
 * S3 itself cannot run here, so the adapter talks to a loopback server that answers the three calls
 * it makes the way S3 documents them: path-style, XML listings in pages of two, 412 on a PUT with
 * If-None-Match over an existing key. What is checked is what the adapter sends.
 */
const objects = new Map<string, string>();
const puts: IncomingHttpHeaders[] = [];
/** The headers of every GET (lists and reads). */
const requests: IncomingHttpHeaders[] = [];
let server: Server;
let endpoint = "";

const xmlError = (code: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const [, bucket, ...rest] = url.pathname.split("/");
    const key = decodeURIComponent(rest.join("/"));
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "GET") requests.push(req.headers);
      if (bucket !== "digest-bucket") {
        res.writeHead(404).end(xmlError("NoSuchBucket"));
      } else if (req.method === "GET" && url.searchParams.get("list-type") === "2") {
        const prefix = url.searchParams.get("prefix") ?? "";
        const all = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
        const from = Number(url.searchParams.get("continuation-token") ?? 0);
        const page = all.slice(from, from + 2);
        const more = from + 2 < all.length;
        res
          .writeHead(200, { "content-type": "application/xml" })
          .end(
            `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>digest-bucket</Name><Prefix>${prefix}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>2</MaxKeys><IsTruncated>${more}</IsTruncated>${
              more ? `<NextContinuationToken>${from + 2}</NextContinuationToken>` : ""
            }${page.map((k) => `<Contents><Key>${k}</Key><Size>1</Size></Contents>`).join("")}</ListBucketResult>`,
          );
      } else if (req.method === "GET") {
        const body = objects.get(key);
        if (body === undefined)
          res.writeHead(404, { "content-type": "application/xml" }).end(xmlError("NoSuchKey"));
        else res.writeHead(200, { "content-type": "application/json" }).end(body);
      } else if (req.method === "PUT") {
        puts.push(req.headers);
        if (objects.has(key) && req.headers["if-none-match"] === "*") {
          res.writeHead(412, { "content-type": "application/xml" }).end(xmlError("PreconditionFailed"));
        } else {
          objects.set(key, Buffer.concat(chunks).toString("utf8"));
          res.writeHead(200, { etag: '"1"' }).end();
        }
      } else {
        res.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function writeOnceContract(store: DigestReader & DigestWriter): Promise<void> {
  expect(await store.names()).toEqual([]);
  expect(await store.create("2026-11-21T00-00-00.000Z", '{"n":1}\n')).toBe(true);
  expect(await store.create("2026-11-21T00-00-00.000Z", '{"n":"forged"}\n')).toBe(false);
  expect(await store.create("2026-11-20T00-00-00.000Z", '{"n":0}\n')).toBe(true);
  expect(await store.create("2026-11-22T00-00-00.000Z", '{"n":2}\n')).toBe(true);
  expect(await store.names()).toEqual([
    "2026-11-20T00-00-00.000Z",
    "2026-11-21T00-00-00.000Z",
    "2026-11-22T00-00-00.000Z",
  ]);
  expect(await store.read("2026-11-21T00-00-00.000Z")).toBe('{"n":1}\n');
  expect(await store.read("2026-12-01T00-00-00.000Z")).toBeUndefined();
}

describe("digest stores keep every digest exactly as first written", () => {
  it("S3: writes once with If-None-Match and a SHA-256 checksum, lists every page, reads back", async () => {
    const store = createS3DigestStore({
      bucket: "digest-bucket",
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      endpoint,
    });
    expect(store.location).toBe("s3://digest-bucket/digests/");
    await writeOnceContract(store);
    expect(puts.length).toBe(4);
    for (const headers of puts) expect(headers["if-none-match"]).toBe("*");
    // Object Lock refuses a PUT without an integrity header; the checksum must be of the body sent.
    const first = puts[0] as IncomingHttpHeaders;
    expect(first["x-amz-checksum-sha256"]).toBe(createHash("sha256").update('{"n":1}\n').digest("base64"));
    expect([...objects.keys()].every((k) => k.startsWith("digests/") && k.endsWith(".json"))).toBe(true);
    // Every request is signed for S3 in the bucket's region, with the body's hash in the signature.
    for (const headers of [...puts, ...requests]) {
      expect(headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/us-east-1\/s3\/aws4_request, /,
      );
      expect(headers["x-amz-content-sha256"]).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("files: creates each digest exclusively and read-only", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "digests-")), "nested");
    const store = createFileDigestStore(dir);
    await writeOnceContract(store);
    expect(statSync(join(dir, "2026-11-21T00-00-00.000Z.json")).mode & 0o222).toBe(0);
  });
});
