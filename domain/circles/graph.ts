/**
 * A directed graph over party ids in compressed adjacency form (typed arrays), so a book of 100,000
 * parties and 300,000 guarantees costs a few megabytes and every walk over it is linear in edges.
 * An edge runs guarantor → borrower: the guarantor pays if the borrower does not.
 */
export interface PartyGraph {
  /** Party id by node number. */
  readonly ids: readonly string[];
  readonly nodeOf: ReadonlyMap<string, number>;
  /** Edges of node v are targets[offsets[v] .. offsets[v + 1]). */
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** The input edges' endpoints as node numbers, in input order. */
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
}

/** The graph of edges from[i] → to[i]. */
export function buildGraph(from: readonly string[], to: readonly string[]): PartyGraph {
  const nodeOf = new Map<string, number>();
  const ids: string[] = [];
  const node = (id: string) => {
    let n = nodeOf.get(id);
    if (n === undefined) {
      n = ids.length;
      nodeOf.set(id, n);
      ids.push(id);
    }
    return n;
  };
  const m = from.length;
  const edgeFrom = new Int32Array(m);
  const edgeTo = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    edgeFrom[i] = node(from[i] as string);
    edgeTo[i] = node(to[i] as string);
  }
  const n = ids.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    const k = (edgeFrom[i] as number) + 1;
    offsets[k] = (offsets[k] as number) + 1;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const f = edgeFrom[i] as number;
    targets[fill[f] as number] = edgeTo[i] as number;
    fill[f] = (fill[f] as number) + 1;
  }
  return { ids, nodeOf, offsets, targets, edgeFrom, edgeTo };
}
