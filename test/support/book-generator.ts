/**
 * Seeded loan books for the circle check: one exposure per party, guarantees that never close a
 * cycle (each guarantor ranks below its borrower in a random order), and planted circles on top.
 * Any circle in the result therefore holds a planted one; used by the bench and the tests.
 */
import type { Exposure, GuaranteeEdge } from "../../domain";
import { prng } from "./application-generator";
import { uscc } from "./portfolio";

export interface BookOptions {
  parties: number;
  guarantees: number;
  circles: number;
  seed: number;
  /** Planted circle sizes, inclusive (default 3 to 6). */
  minSize?: number;
  maxSize?: number;
}

export interface GeneratedBook {
  exposures: Exposure[];
  /** Guarantees that did not fit an exposure (more than its 50). */
  edges: GuaranteeEdge[];
  /** The planted circles' members, each sorted. */
  planted: string[][];
  guaranteeCount: number;
}

const INDUSTRIES = ["C3011", "C3670", "F5143", "C3984", "B0610", "C3216"];
const MAX_PER_EXPOSURE = 50;

function permutation(n: number, rnd: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

export function generateBook(o: BookOptions): GeneratedBook {
  const rnd = prng(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const yuan = () => `${int(100_000, 20_000_000)}.${String(int(0, 99)).padStart(2, "0")}`;
  const ids = Array.from({ length: o.parties }, (_, i) => uscc(i + 1));
  const exposures: Exposure[] = ids.map((partyId, i) => {
    const amount = yuan();
    return {
      caseId: `CASE-${i + 1}`,
      partyId,
      industryCode: INDUSTRIES[i % INDUSTRIES.length] as string,
      clusterId: null,
      facilities: { working_capital: amount },
      total: amount,
      clientGrade: "B",
      upgrades: [],
      exceptionCodes: [],
      guarantees: [],
      approvedAt: "2026-01-15T08:00:00.000Z",
    };
  });
  const edges: GuaranteeEdge[] = [];
  let guaranteeCount = 0;
  const guarantee = (guarantor: number, borrower: number) => {
    const amount = yuan();
    const e = exposures[borrower] as Exposure;
    if (e.guarantees.length < MAX_PER_EXPOSURE)
      e.guarantees.push({ guarantorPartyId: ids[guarantor] as string, amount });
    else
      edges.push({
        guarantor: ids[guarantor] as string,
        borrower: ids[borrower] as string,
        amount,
        caseId: null,
      });
    guaranteeCount++;
  };

  const planted: string[][] = [];
  const pool = permutation(o.parties, rnd);
  let next = 0;
  for (let c = 0; c < o.circles; c++) {
    const size = int(o.minSize ?? 3, o.maxSize ?? 6);
    if (next + size > o.parties) break;
    const members = Array.from(pool.subarray(next, next + size));
    next += size;
    members.forEach((m, i) => {
      guarantee(m, members[(i + 1) % size] as number);
    });
    planted.push(members.map((m) => ids[m] as string).sort());
  }
  const order = permutation(o.parties, rnd);
  while (guaranteeCount < o.guarantees && o.parties > 1) {
    const borrowerRank = int(1, o.parties - 1);
    guarantee(order[int(0, borrowerRank - 1)] as number, order[borrowerRank] as number);
  }
  return { exposures, edges, planted, guaranteeCount };
}
