import { Transform } from "node:stream";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * Sees every request an AWS SDK client of this process sends over HTTP and its answer, without any
 * change to the clients or the code that builds them: the SDK's Node HTTP handler is wrapped, and the
 * response body is passed through a counting stream the SDK reads as it would the socket. For the
 * bench only: it is installed by the bench's own runtime process, never by the product.
 */

export type Observer = (
  target: string,
  request: { port: string; body: string },
  response: { status: number; body: string; ms: number },
) => void;

type Handle = NodeHttpHandler["handle"];
type HandleResult = Awaited<ReturnType<Handle>>;

function bodyText(body: unknown): string {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array)
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
  return "";
}

export function tapSdkRequests(observe: Observer): void {
  const proto = NodeHttpHandler.prototype as { handle: Handle; tapped?: boolean };
  if (proto.tapped) throw new Error("the SDK's HTTP handler is tapped already");
  proto.tapped = true;
  const original = proto.handle;
  proto.handle = async function (this: NodeHttpHandler, request, options) {
    const target = String(request.headers["x-amz-target"] ?? request.headers["X-Amz-Target"] ?? "");
    const body = bodyText(request.body);
    const started = performance.now();
    const out: HandleResult = await original.call(this, request, options);
    const source = out.response.body as NodeJS.ReadableStream | undefined;
    if (!target || !source || typeof source.pipe !== "function") return out;
    const chunks: Buffer[] = [];
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done(null, chunk);
      },
      flush(done) {
        observe(
          target,
          { port: String(request.port ?? ""), body },
          {
            status: out.response.statusCode,
            body: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
          },
        );
        done();
      },
    });
    source.on("error", (e) => counted.destroy(e));
    out.response.body = source.pipe(counted);
    return out;
  };
}
