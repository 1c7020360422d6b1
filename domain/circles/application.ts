import type { Finding } from "../assessment/types";
import { type Circle, findCircles, type GuaranteeBook, type GuaranteeEdge } from "./book";

/** What the circle check reads of an application: its parties and guaranteed amounts. */
export interface ApplicationParties {
  borrower: { partyId?: string | undefined };
  guarantors: readonly { partyId?: string | undefined; guaranteedAmount: string }[];
}

/** The circle an application's borrower would be in, and one shortest way round it. */
export interface BorrowerCircle {
  borrower: string;
  circle: Circle;
  /** Parties from the borrower round to the borrower: each guarantees the next. */
  chain: string[];
  /** The guaranteed amount of each step of the chain (chain.length − 1 amounts). */
  chainAmounts: string[];
}

/** The application's guarantees as edges (only guarantors and a borrower with party ids can be linked). */
export function applicationEdges(app: ApplicationParties, caseId: string | null = null): GuaranteeEdge[] {
  const borrower = app.borrower.partyId;
  if (!borrower) return [];
  return app.guarantors.flatMap((g) =>
    g.partyId ? [{ guarantor: g.partyId, borrower, amount: g.guaranteedAmount, caseId }] : [],
  );
}

/** Shortest walk borrower → … → borrower along the circle's guarantees (breadth first). */
function shortestRound(circle: Circle, borrower: string): string[] {
  const next = new Map<string, string[]>();
  for (const p of circle.guarantees) next.set(p.guarantor, [...(next.get(p.guarantor) ?? []), p.borrower]);
  const parent = new Map<string, string>();
  const queue = [borrower];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] ?? "";
    for (const w of next.get(v) ?? []) {
      if (w === borrower) {
        const path = [borrower];
        for (let at: string | undefined = v; at !== undefined && at !== borrower; at = parent.get(at))
          path.push(at);
        return [borrower, ...path.slice(1).reverse(), borrower];
      }
      if (!parent.has(w)) {
        parent.set(w, v);
        queue.push(w);
      }
    }
  }
  return [borrower];
}

/**
 * Whether the application's guarantees close a guarantee circle through its borrower with the open
 * book: a cycle of guarantees (a chain from the borrower that comes back to it through other cases)
 * in the book plus this application. Null when there is none, or when the borrower has no party id
 * (then nothing can be linked; the runtime requires party ids where the check must run).
 */
export function circleThroughBorrower(
  book: GuaranteeBook,
  app: ApplicationParties,
  caseId: string | null = null,
): BorrowerCircle | null {
  const borrower = app.borrower.partyId;
  if (!borrower) return null;
  const edges = [...(book.edges ?? []), ...applicationEdges(app, caseId)];
  const [circle] = findCircles({ exposures: book.exposures, edges }, borrower);
  if (!circle) return null;
  const chain = shortestRound(circle, borrower);
  const amount = new Map(circle.guarantees.map((p) => [`${p.guarantor}\u0000${p.borrower}`, p.amount]));
  const chainAmounts = chain.slice(1).map((to, i) => amount.get(`${chain[i]}\u0000${to}`) ?? "0.00");
  return { borrower, circle, chain, chainAmounts };
}

/** The exception, in the assessment's shape: the members, the way round and the amounts. */
export function guaranteeCircleFinding(found: BorrowerCircle): Finding<"GUARANTEE_CIRCLE"> {
  const { circle, chain, chainAmounts } = found;
  const steps = chain.slice(1).map((to, i) => `${chain[i]} guarantees ${to} for ${chainAmounts[i]}`);
  return {
    code: "GUARANTEE_CIRCLE",
    message: `borrower ${found.borrower} is in a guarantee circle across the book of ${circle.members.length} parties (${circle.members.join(", ")}): ${steps.join("; ")}`,
    details: {
      scope: "book",
      borrower: found.borrower,
      members: circle.members,
      chain,
      chainAmounts,
      guarantees: circle.guarantees.map((p) => `${p.guarantor}>${p.borrower}:${p.amount}`),
      totalGuaranteed: circle.totalGuaranteed,
      totalExposure: circle.totalExposure,
      cases: circle.cases,
    },
  };
}
