import { type NamedDigest, parseDigest } from "../../../domain";
import type { DigestReader } from "../ports";

export interface LoadedDigests {
  digests: NamedDigest[];
  /** Digests that could not be read as one: named, never skipped silently. */
  unreadable: { name: string; message: string }[];
}

// Digests never change once written, so a warm function (or a long CLI run) reads each only once.
const parsedByLocation = new Map<string, Map<string, NamedDigest>>();
const READ_CONCURRENCY = 16;

export async function loadDigests(store: DigestReader): Promise<LoadedDigests> {
  let cache = parsedByLocation.get(store.location);
  if (!cache) {
    cache = new Map();
    parsedByLocation.set(store.location, cache);
  }
  const names = await store.names();
  const unreadable: LoadedDigests["unreadable"] = [];
  const missing = names.filter((n) => !cache.has(n));
  for (let i = 0; i < missing.length; i += READ_CONCURRENCY) {
    await Promise.all(
      missing.slice(i, i + READ_CONCURRENCY).map(async (name) => {
        const text = await store.read(name);
        const parsed =
          text === undefined ? ({ ok: false, error: "vanished while reading" } as const) : parseDigest(text);
        if (parsed.ok) cache.set(name, { name, digest: parsed.value });
        else unreadable.push({ name, message: `digest ${name}: ${parsed.error}` });
      }),
    );
  }
  return { digests: names.flatMap((n) => cache.get(n) ?? []), unreadable };
}
