import type { IncomingMessage } from "node:http";

export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: "TOO_LARGE" };

/**
 * Reads the whole body but stops keeping bytes past the limit; the rest is drained rather than
 * the socket reset, so the client reliably sees the 413 instead of a broken pipe.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"] ?? "0");
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > maxBytes;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.once("end", () =>
      resolve(tooLarge ? { ok: false, reason: "TOO_LARGE" } : { ok: true, body: Buffer.concat(chunks) }),
    );
    req.once("error", reject);
  });
}
