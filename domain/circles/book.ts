import { Dec, ZERO } from "../decimal";
import type { Exposure } from "../portfolio/exposure";
import { buildGraph, type PartyGraph } from "./graph";
import { componentsOf } from "./tarjan";

/** One guarantee between two parties: `guarantor` backs `borrower` for `amount`. */
export interface GuaranteeEdge {
  guarantor: string;
  borrower: string;
  amount: string;
  /** The case it belongs to, when it came from one. */
  caseId: string | null;
}

/** The open book as the circle check sees it: exposures (with their guarantees) and any other edges. */
export interface GuaranteeBook {
  exposures: readonly Exposure[];
  edges?: readonly GuaranteeEdge[];
}

/** A guarantee circle: parties that all guarantee each other, directly or through the others. */
export interface Circle {
  /** Party ids, sorted. */
  members: string[];
  /** The guarantees among the members, summed per guarantor → borrower pair, sorted. */
  guarantees: { guarantor: string; borrower: string; amount: string }[];
  totalGuaranteed: string;
  /** The open exposures whose borrower is a member: their total and their cases (sorted). */
  totalExposure: string;
  cases: string[];
}

/** Every guarantee of the book: those the exposures carry (borrowers with a party id) and the others. */
export function guaranteeEdges(book: GuaranteeBook): GuaranteeEdge[] {
  const edges: GuaranteeEdge[] = [];
  for (const e of book.exposures) {
    if (e.partyId === null) continue;
    for (const g of e.guarantees) {
      edges.push({ guarantor: g.guarantorPartyId, borrower: e.partyId, amount: g.amount, caseId: e.caseId });
    }
  }
  if (book.edges) edges.push(...book.edges);
  return edges;
}

/** The book's guarantees as parallel arrays (no object per edge: a book holds hundreds of thousands). */
function edgeColumns(book: GuaranteeBook) {
  const from: string[] = [];
  const to: string[] = [];
  const amount: string[] = [];
  for (const e of book.exposures) {
    if (e.partyId === null) continue;
    for (const g of e.guarantees) {
      from.push(g.guarantorPartyId);
      to.push(e.partyId);
      amount.push(g.amount);
    }
  }
  for (const e of book.edges ?? []) {
    from.push(e.guarantor);
    to.push(e.borrower);
    amount.push(e.amount);
  }
  return { from, to, amount };
}

/** Component numbers that form a circle: two or more parties, or one party guaranteeing itself. */
function circleComponents(g: PartyGraph, component: Int32Array, count: number): Uint8Array {
  const size = new Int32Array(count);
  for (const c of component) size[c] = (size[c] as number) + 1;
  const isCircle = new Uint8Array(count);
  for (let c = 0; c < count; c++) if ((size[c] as number) > 1) isCircle[c] = 1;
  for (let i = 0; i < g.edgeFrom.length; i++) {
    if (g.edgeFrom[i] === g.edgeTo[i]) isCircle[component[g.edgeFrom[i] as number] as number] = 1;
  }
  return isCircle;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Gathered {
  members: string[];
  guarantees: Circle["guarantees"];
  guaranteed: Dec;
  total: Dec;
  cases: string[];
}

/**
 * Every guarantee circle of the book (the strongly connected components of the guarantee graph), linear
 * in edges but for sorting what is printed. Ordered by total exposure, largest first, then by first
 * member: the same book always gives the same list. With `through`, only the circle that party is in.
 */
export function findCircles(book: GuaranteeBook, through?: string): Circle[] {
  const edges = edgeColumns(book);
  const g = buildGraph(edges.from, edges.to);
  const { count, component } = componentsOf(g);
  const isCircle = circleComponents(g, component, count);
  if (through !== undefined) {
    const node = g.nodeOf.get(through);
    const keep = node === undefined ? -1 : (component[node] as number);
    for (let c = 0; c < count; c++) if (c !== keep) isCircle[c] = 0;
  }
  const inCircle = (v: number) => isCircle[component[v] as number] === 1;

  // Members in party-id order once for all circles; their rank orders each circle's guarantees too.
  const members: number[] = [];
  for (let v = 0; v < g.ids.length; v++) if (inCircle(v)) members.push(v);
  members.sort((a, b) => byText(g.ids[a] as string, g.ids[b] as string));
  const rank = new Int32Array(g.ids.length);
  members.forEach((v, i) => {
    rank[v] = i;
  });
  const gathered = new Map<number, Gathered>();
  for (const v of members) {
    const c = component[v] as number;
    let entry = gathered.get(c);
    if (!entry) {
      entry = { members: [], guarantees: [], guaranteed: ZERO, total: ZERO, cases: [] };
      gathered.set(c, entry);
    }
    entry.members.push(g.ids[v] as string);
  }

  const inside: number[] = [];
  for (let i = 0; i < g.edgeFrom.length; i++) {
    const from = g.edgeFrom[i] as number;
    if (inCircle(from) && component[from] === component[g.edgeTo[i] as number]) inside.push(i);
  }
  const width = members.length;
  const key = (i: number) =>
    (rank[g.edgeFrom[i] as number] as number) * width + (rank[g.edgeTo[i] as number] as number);
  inside.sort((a, b) => key(a) - key(b) || a - b);
  let last: { key: number; amount: Dec; entry: Gathered; at: number } | null = null;
  for (const i of inside) {
    const entry = gathered.get(component[g.edgeFrom[i] as number] as number) as Gathered;
    const amount = new Dec(edges.amount[i] as string);
    entry.guaranteed = entry.guaranteed.plus(amount);
    if (last && last.key === key(i)) {
      last.amount = last.amount.plus(amount);
      (last.entry.guarantees[last.at] as { amount: string }).amount = last.amount.toFixed(2);
      continue;
    }
    const from = g.ids[g.edgeFrom[i] as number] as string;
    const to = g.ids[g.edgeTo[i] as number] as string;
    entry.guarantees.push({ guarantor: from, borrower: to, amount: amount.toFixed(2) });
    last = { key: key(i), amount, entry, at: entry.guarantees.length - 1 };
  }

  for (const e of book.exposures) {
    const node = e.partyId === null ? undefined : g.nodeOf.get(e.partyId);
    if (node === undefined || !inCircle(node)) continue;
    const entry = gathered.get(component[node] as number) as Gathered;
    entry.total = entry.total.plus(e.total);
    entry.cases.push(e.caseId);
  }
  return [...gathered.values()]
    .sort((a, b) => b.total.comparedTo(a.total) || byText(a.members[0] ?? "", b.members[0] ?? ""))
    .map((x) => ({
      members: x.members,
      guarantees: x.guarantees,
      totalGuaranteed: x.guaranteed.toFixed(2),
      totalExposure: x.total.toFixed(2),
      cases: x.cases.sort(),
    }));
}
