import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_BITS = 80n;

function encode(value: bigint, length: number): string {
  let out = "";
  let rest = value;
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(rest & 31n)] + out;
    rest >>= 5n;
  }
  return out;
}

/**
 * ULID-style ids (48-bit millisecond time + 80 random bits, Crockford base32): they sort by time as
 * plain strings, so the outbox's sort key lists newest first without a second attribute. Within one
 * millisecond the random part counts up, keeping one process's mails in send order.
 */
export function createMessageIdFactory(now: () => number = Date.now): () => string {
  let lastTime = -1;
  let lastRandom = 0n;
  return () => {
    const time = Math.max(now(), lastTime);
    if (time === lastTime) {
      lastRandom = (lastRandom + 1n) & ((1n << RANDOM_BITS) - 1n);
    } else {
      lastTime = time;
      lastRandom = BigInt(`0x${randomBytes(10).toString("hex")}`) >> 1n;
    }
    return encode(BigInt(time), 10) + encode(lastRandom, 16);
  };
}

/** The smallest id a mail sent at `ms` can have: where a listing of the mails since that instant starts. */
export function firstMessageIdAt(ms: number): string {
  return encode(BigInt(Math.max(0, Math.floor(ms))), 10) + "0".repeat(16);
}
