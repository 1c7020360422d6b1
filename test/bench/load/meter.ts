/**
 * Counts the DynamoDB requests a process makes, from the wire (the JSON protocol's bodies), per table
 * and operation, with the capacity units DynamoDB on demand would bill for them: a write unit per KB
 * written (two per item in a transaction), a read unit per 4 KB read consistently (half eventually),
 * and every write of an item that a global secondary index holds once more per index (twice when the
 * index key changes: a delete and a put). Item sizes follow DynamoDB's rules (attribute names count).
 */

type Wire = Record<string, unknown>;

/** DynamoDB's size of one attribute value in its wire form ({"S": "…"}, {"M": {…}}, …). */
export function valueSize(value: unknown): number {
  const v = value as Wire;
  if (typeof v.S === "string") return Buffer.byteLength(v.S);
  if (typeof v.N === "string") return numberSize(v.N);
  if (typeof v.B === "string") return Buffer.from(v.B, "base64").length;
  if ("BOOL" in v || "NULL" in v) return 1;
  if (Array.isArray(v.SS)) return v.SS.reduce((n: number, s: string) => n + Buffer.byteLength(s), 0);
  if (Array.isArray(v.NS)) return v.NS.reduce((n: number, s: string) => n + numberSize(s), 0);
  if (Array.isArray(v.BS))
    return v.BS.reduce((n: number, s: string) => n + Buffer.from(s, "base64").length, 0);
  if (Array.isArray(v.L)) return 3 + v.L.reduce((n: number, e: unknown) => n + 1 + valueSize(e), 0);
  if (v.M && typeof v.M === "object") return 3 + itemSize(v.M as Wire) + Object.keys(v.M).length;
  return 0;
}

/** About one byte per two significant digits, plus one. */
function numberSize(n: string): number {
  const digits = n.replace(/^-/, "").replace(/e.*$/i, "").replace(".", "").replace(/^0+/, "");
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

export function itemSize(item: Wire): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) total += Buffer.byteLength(name) + valueSize(value);
  return total;
}

export interface Tally {
  requests: number;
  /** Items written, read or checked. */
  items: number;
  wcu: number;
  rcu: number;
  requestBytes: number;
  responseBytes: number;
  /** Milliseconds from sending each request to the end of its answer, summed. */
  ms: number;
}

const emptyTally = (): Tally => ({
  requests: 0,
  items: 0,
  wcu: 0,
  rcu: 0,
  requestBytes: 0,
  responseBytes: 0,
  ms: 0,
});

export interface IndexKeys {
  /** The attributes that place an item in each global secondary index of a table. */
  [index: string]: readonly string[];
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096));

function keyOf(table: string, key: Wire): string {
  return `${table}|${JSON.stringify((key.pk as Wire)?.S)}|${JSON.stringify((key.sk as Wire)?.S)}`;
}

interface Known {
  size: number;
  /** The index key values the item is stored under, per index. */
  placed: Record<string, string>;
}

export class DynamoMeter {
  private tallies = new Map<string, Tally>();
  /** Size and index keys of every item this process has written, for updates and index writes. */
  private known = new Map<string, Known>();

  constructor(private readonly indexes: Record<string, IndexKeys> = {}) {}

  reset(): void {
    this.tallies.clear();
  }

  /** Items this process has written and not deleted, and their bytes, per table. */
  storage(): Record<string, { items: number; bytes: number }> {
    const out: Record<string, { items: number; bytes: number }> = {};
    for (const [key, item] of this.known) {
      const table = key.slice(0, key.indexOf("|"));
      const t = out[table] ?? { items: 0, bytes: 0 };
      out[table] = t;
      t.items += 1;
      t.bytes += item.size;
    }
    return out;
  }

  snapshot(): Record<string, Tally> {
    return Object.fromEntries([...this.tallies].map(([k, t]) => [k, { ...t }]));
  }

  /** One request and its answer (`operation` from X-Amz-Target); returns the table it was about. */
  record(operation: string, request: string, response: string, ok: boolean, ms = 0): string {
    let body: Wire;
    let answer: Wire = {};
    try {
      body = JSON.parse(request) as Wire;
      if (ok && response) answer = JSON.parse(response) as Wire;
    } catch {
      return "?";
    }
    const table = tableOf(body);
    const key = `${table}:${operation}${ok ? "" : ":error"}`;
    const t = this.tallies.get(key) ?? emptyTally();
    this.tallies.set(key, t);
    t.requests += 1;
    t.ms += ms;
    t.requestBytes += Buffer.byteLength(request);
    t.responseBytes += Buffer.byteLength(response);
    if (!ok) return table;
    const units = this.units(operation, body, answer);
    t.items += units.items;
    t.wcu += units.wcu;
    t.rcu += units.rcu;
    return table;
  }

  private units(op: string, body: Wire, answer: Wire): { items: number; wcu: number; rcu: number } {
    const consistent = body.ConsistentRead === true;
    const read = (bytes: number) => readUnits(bytes) * (consistent ? 1 : 0.5);
    switch (op) {
      case "PutItem":
        return { items: 1, wcu: this.put(String(body.TableName), body.Item as Wire, 1), rcu: 0 };
      case "UpdateItem":
        return { items: 1, wcu: this.update(String(body.TableName), body, 1), rcu: 0 };
      case "DeleteItem":
        return { items: 1, wcu: this.remove(String(body.TableName), body.Key as Wire, 1), rcu: 0 };
      case "GetItem": {
        const item = answer.Item as Wire | undefined;
        return { items: item ? 1 : 0, wcu: 0, rcu: read(item ? itemSize(item) : 0) };
      }
      case "Query":
      case "Scan": {
        const items = (answer.Items as Wire[] | undefined) ?? [];
        const bytes = items.reduce((n, i) => n + itemSize(i), 0);
        return { items: items.length, wcu: 0, rcu: read(bytes) };
      }
      case "BatchGetItem": {
        let rcu = 0;
        let items = 0;
        const requested = body.RequestItems as Record<string, Wire>;
        for (const [table, found] of Object.entries((answer.Responses as Record<string, Wire[]>) ?? {})) {
          const strong = requested[table]?.ConsistentRead === true;
          for (const i of found) {
            items++;
            rcu += readUnits(itemSize(i)) * (strong ? 1 : 0.5);
          }
        }
        return { items, wcu: 0, rcu };
      }
      case "BatchWriteItem": {
        let wcu = 0;
        let items = 0;
        for (const [table, writes] of Object.entries(body.RequestItems as Record<string, Wire[]>)) {
          for (const w of writes) {
            items++;
            const put = (w.PutRequest as Wire | undefined)?.Item as Wire | undefined;
            const del = (w.DeleteRequest as Wire | undefined)?.Key as Wire | undefined;
            if (put) wcu += this.put(table, put, 1);
            else if (del) wcu += this.remove(table, del, 1);
          }
        }
        return { items, wcu, rcu: 0 };
      }
      case "TransactWriteItems": {
        let wcu = 0;
        const list = body.TransactItems as Wire[];
        for (const entry of list) {
          const [kind, spec] = Object.entries(entry)[0] as [string, Wire];
          const table = String(spec.TableName);
          if (kind === "Put") wcu += this.put(table, spec.Item as Wire, 2);
          else if (kind === "Update") wcu += this.update(table, spec, 2);
          else if (kind === "Delete") wcu += this.remove(table, spec.Key as Wire, 2);
          else wcu += 2 * writeUnits(this.known.get(keyOf(table, spec.Key as Wire))?.size ?? 0);
        }
        return { items: list.length, wcu, rcu: 0 };
      }
      default:
        return { items: 0, wcu: 0, rcu: 0 };
    }
  }

  /** Base-table units × factor, plus one write per index the item enters or stays in, two if it moves. */
  private put(table: string, item: Wire, factor: number): number {
    const size = itemSize(item);
    const k = keyOf(table, item);
    const before = this.known.get(k);
    const placed = this.placed(table, item);
    this.known.set(k, { size, placed });
    return (
      factor * writeUnits(Math.max(size, before?.size ?? 0)) + this.indexWrites(table, before, placed, size)
    );
  }

  /** An update's item size is bounded by the old item plus every value it sets. */
  private update(table: string, spec: Wire, factor: number): number {
    const k = keyOf(table, spec.Key as Wire);
    const before = this.known.get(k);
    const values = (spec.ExpressionAttributeValues as Wire | undefined) ?? {};
    const added = Object.values(values).reduce((n: number, v) => n + valueSize(v), 0);
    const size = (before?.size ?? 0) + added;
    // Index keys set by this update (gsi2sk on an approval's status move) are read from its values.
    const placed = { ...(before?.placed ?? {}) };
    const expression = String(spec.UpdateExpression ?? "");
    for (const [index, attrs] of Object.entries(this.indexes[table] ?? {})) {
      for (const attr of attrs) {
        const m = new RegExp(`\\b${attr}\\s*=\\s*(:\\w+)`).exec(expression);
        const set = m?.[1] ? values[m[1]] : undefined;
        if (set !== undefined && placed[index] !== undefined)
          placed[index] = `${placed[index]}|${attr}=${JSON.stringify(set)}`;
      }
    }
    this.known.set(k, { size, placed });
    return factor * writeUnits(size) + this.indexWrites(table, before, placed, size);
  }

  private remove(table: string, key: Wire, factor: number): number {
    const k = keyOf(table, key);
    const before = this.known.get(k);
    this.known.delete(k);
    return factor * writeUnits(before?.size ?? 0) + this.indexWrites(table, before, {}, 0);
  }

  private placed(table: string, item: Wire): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [index, attrs] of Object.entries(this.indexes[table] ?? {})) {
      if (attrs.every((a) => item[a] !== undefined))
        out[index] = attrs.map((a) => JSON.stringify(item[a])).join("|");
    }
    return out;
  }

  private indexWrites(
    table: string,
    before: Known | undefined,
    placed: Record<string, string>,
    size: number,
  ) {
    let units = 0;
    for (const index of Object.keys(this.indexes[table] ?? {})) {
      const was = before?.placed[index];
      const now = placed[index];
      if (was === undefined && now === undefined) continue;
      if (was !== undefined && now !== undefined && was !== now) units += writeUnits(before?.size ?? 0);
      units += writeUnits(now === undefined ? (before?.size ?? 0) : size);
    }
    return units;
  }
}

/** The table a request is about: its TableName, or the first table of a batch or transaction. */
function tableOf(body: Wire): string {
  if (typeof body.TableName === "string") return body.TableName;
  const batch = body.RequestItems as Wire | undefined;
  if (batch) return Object.keys(batch).sort().join("+");
  const items = body.TransactItems as Wire[] | undefined;
  const first = items?.[0] ? (Object.values(items[0])[0] as Wire) : undefined;
  return typeof first?.TableName === "string" ? first.TableName : "?";
}
