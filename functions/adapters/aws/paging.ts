/**
 * Opaque page cursors: the LastEvaluatedKey as base64url JSON. A cursor comes back from a browser, so
 * decoding it is an expected failure (a value), not a bug.
 */

export type Cursor = string;
type Key = Record<string, string>;

export function encodeCursor(key: Record<string, unknown> | undefined): Cursor | undefined {
  return key ? Buffer.from(JSON.stringify(key), "utf8").toString("base64url") : undefined;
}

export function decodeCursor(cursor: Cursor, expectedKeys: readonly string[]): Key | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    const names = Object.keys(record).sort();
    if (names.join() !== [...expectedKeys].sort().join()) return undefined;
    if (!names.every((n) => typeof record[n] === "string")) return undefined;
    return record as Key;
  } catch {
    return undefined;
  }
}

export function clampLimit(limit: number, max = 100): number {
  return Math.min(Math.max(Math.trunc(limit) || 1, 1), max);
}

export type Page<T> = { ok: true; items: T[]; cursor?: Cursor } | { ok: false; reason: "BAD_CURSOR" };
