import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  circleThroughBorrower,
  type Exposure,
  findCircles,
  type GuaranteeEdge,
  guaranteeCircleFinding,
  guaranteeEdges,
} from "../../../domain";
import { generateBook } from "../../support/book-generator";
import { exposure, uscc } from "../../support/portfolio";

const P = (n: number) => uscc(n);

/** A case of borrower `b` guaranteed by `gs` (party numbers), each for `amount`. */
function caseOf(
  caseId: string,
  b: number,
  gs: number[],
  total = "1000000.00",
  amount = "500000.00",
): Exposure {
  return exposure({
    caseId,
    total,
    partyId: P(b),
    guarantees: gs.map((g) => ({ guarantorPartyId: P(g), amount })),
  });
}

function application(b: number, gs: { party: number; amount: string }[]) {
  return {
    borrower: { partyId: P(b) },
    guarantors: gs.map((g) => ({ partyId: P(g.party), guaranteedAmount: g.amount })),
  };
}

/** The reference: parties that reach each other, by a search from every party (quadratic, for small books). */
function bruteForceCircles(edges: readonly GuaranteeEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  const parties = new Set<string>();
  for (const e of edges) {
    parties.add(e.guarantor).add(e.borrower);
    next.set(e.guarantor, (next.get(e.guarantor) ?? new Set()).add(e.borrower));
  }
  const reach = new Map<string, Set<string>>();
  for (const start of parties) {
    const seen = new Set<string>();
    const todo = [...(next.get(start) ?? [])];
    while (todo.length > 0) {
      const v = todo.pop() as string;
      if (seen.has(v)) continue;
      seen.add(v);
      todo.push(...(next.get(v) ?? []));
    }
    reach.set(start, seen);
  }
  const circles = new Map<string, string[]>();
  for (const v of parties) {
    if (!reach.get(v)?.has(v)) continue;
    const members = [...parties].filter((w) => reach.get(v)?.has(w) && reach.get(w)?.has(v)).sort();
    circles.set(members.join(","), members);
  }
  return [...circles.values()].sort((a, b) => (a.join(",") < b.join(",") ? -1 : 1));
}

const membersOf = (circles: { members: string[] }[]) =>
  circles.map((c) => c.members).sort((a, b) => (a.join(",") < b.join(",") ? -1 : 1));

describe("guarantee circles across the book", () => {
  it("flags the fourth application that closes a circle of three firms built over three approved cases", () => {
    // Firm 2 guarantees firm 1, firm 3 guarantees firm 2, firm 3 borrows unguaranteed: no circle yet.
    const approved = [caseOf("CASE-1", 1, [2]), caseOf("CASE-2", 2, [3]), caseOf("CASE-3", 3, [])];
    expect(findCircles({ exposures: approved })).toEqual([]);
    expect(circleThroughBorrower({ exposures: approved.slice(0, 2) }, application(3, []))).toBeNull();
    // Firm 3 applies again with firm 1 as guarantor: 1 guarantees 3, 3 guarantees 2, 2 guarantees 1.
    const found = circleThroughBorrower(
      { exposures: approved },
      application(3, [{ party: 1, amount: "800000.00" }]),
      "CASE-4",
    );
    expect(found?.circle.members).toEqual([P(1), P(2), P(3)].sort());
    expect(found?.chain).toEqual([P(3), P(2), P(1), P(3)]);
    expect(found?.chainAmounts).toEqual(["500000.00", "500000.00", "800000.00"]);
    expect(found?.circle.totalExposure).toBe("3000000.00");
    expect(found?.circle.cases).toEqual(["CASE-1", "CASE-2", "CASE-3"]);
    const finding = found && guaranteeCircleFinding(found);
    expect(finding?.code).toBe("GUARANTEE_CIRCLE");
    expect(finding?.details).toMatchObject({
      scope: "book",
      borrower: P(3),
      members: [P(1), P(2), P(3)].sort(),
      chainAmounts: ["500000.00", "500000.00", "800000.00"],
      totalExposure: "3000000.00",
    });
    expect(finding?.message).toContain(`${P(1)} guarantees ${P(3)} for 800000.00`);
  });

  it("finds a chain that returns to the borrower through the book", () => {
    // The borrower (10) backs 11, 11 backs 12, 12 backs 13; 13 now guarantees 10.
    const book = [
      caseOf("C-11", 11, [10]),
      caseOf("C-12", 12, [11]),
      caseOf("C-13", 13, [12]),
      caseOf("C-14", 14, [13]),
    ];
    const found = circleThroughBorrower(
      { exposures: book },
      application(10, [{ party: 13, amount: "1.00" }]),
    );
    expect(found?.chain).toEqual([P(10), P(11), P(12), P(13), P(10)]);
    expect(found?.circle.members).toHaveLength(4);
    // A guarantor below the borrower in the chain does not close anything.
    expect(
      circleThroughBorrower({ exposures: book }, application(14, [{ party: 10, amount: "1.00" }])),
    ).toBeNull();
  });

  it("reports a circle the borrower is already in through the book alone, and a party guaranteeing itself", () => {
    const book = [caseOf("A", 1, [2]), caseOf("B", 2, [1])];
    expect(circleThroughBorrower({ exposures: book }, application(1, []))?.chain).toEqual([P(1), P(2), P(1)]);
    const self = circleThroughBorrower({ exposures: [] }, application(5, [{ party: 5, amount: "9.00" }]));
    expect([self?.chain, self?.chainAmounts]).toEqual([[P(5), P(5)], ["9.00"]]);
  });

  it("cannot link parties without ids, and says nothing for them", () => {
    const book = [
      exposure({ caseId: "A", partyId: null, guarantees: [{ guarantorPartyId: P(1), amount: "1.00" }] }),
    ];
    expect(guaranteeEdges({ exposures: book })).toEqual([]);
    expect(
      circleThroughBorrower(
        { exposures: book },
        { borrower: {}, guarantors: [{ guaranteedAmount: "1.00" }] },
      ),
    ).toBeNull();
  });

  it("finds no circle in a book whose guarantees run one way (no false positives on DAGs)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(40), fc.nat(40)), { maxLength: 120 }),
        fc.nat(40),
        fc.nat(40),
        (pairs, x, y) => {
          const edges = pairs
            .filter(([a, b]) => a !== b)
            .map(([a, b]) => ({
              guarantor: P(Math.min(a, b) + 1),
              borrower: P(Math.max(a, b) + 1),
              amount: "1.00",
              caseId: null,
            }));
          expect(findCircles({ exposures: [], edges })).toEqual([]);
          if (x === y) return;
          const [g, b] = [Math.min(x, y) + 1, Math.max(x, y) + 1];
          expect(
            circleThroughBorrower({ exposures: [], edges }, application(b, [{ party: g, amount: "1.00" }])),
          ).toBeNull();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("agrees with a brute-force search on random books, for the whole book and through one party", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(25), fc.nat(25)), { maxLength: 70 }), fc.nat(25), (pairs, x) => {
        const edges = pairs.map(([a, b]) => ({
          guarantor: P(a + 1),
          borrower: P(b + 1),
          amount: "2.50",
          caseId: null,
        }));
        const reference = bruteForceCircles(edges);
        expect(membersOf(findCircles({ exposures: [], edges }))).toEqual(reference);
        const through = reference.filter((members) => members.includes(P(x + 1)));
        expect(membersOf(findCircles({ exposures: [], edges }, P(x + 1)))).toEqual(through);
      }),
      { numRuns: 300 },
    );
  });

  it("finds every planted circle of a generated book, and only real ones", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const book = generateBook({ parties: 400, guarantees: 1200, circles: 12, seed });
      const found = findCircles(book);
      expect(membersOf(found)).toEqual(bruteForceCircles(guaranteeEdges(book)));
      for (const planted of book.planted) {
        expect(found.some((c) => planted.every((p) => c.members.includes(p)))).toBe(true);
      }
      // Every circle holds a planted one: the other guarantees never close a cycle.
      for (const c of found)
        expect(book.planted.some((p) => p.every((m) => c.members.includes(m)))).toBe(true);
    }
  });

  it("handles a circle of 100,000 parties without recursion", () => {
    const n = 100_000;
    const edges = Array.from({ length: n }, (_, i) => ({
      guarantor: `cif:P${i}`,
      borrower: `cif:P${(i + 1) % n}`,
      amount: "1.00",
      caseId: null,
    }));
    const [circle, ...rest] = findCircles({ exposures: [], edges });
    expect(rest).toEqual([]);
    expect(circle?.members).toHaveLength(n);
    expect(circle?.totalGuaranteed).toBe("100000.00");
  });

  it("lists circles largest exposure first, then by first member, every time the same", () => {
    const book = [
      caseOf("A", 1, [2], "10.00"),
      caseOf("B", 2, [1], "10.00"),
      caseOf("C", 3, [4], "500.00"),
      caseOf("D", 4, [3], "1.00"),
      caseOf("E", 6, [5], "5.00"),
      caseOf("F", 5, [6], "15.00"),
    ];
    const order = (xs: Exposure[]) => findCircles({ exposures: xs }).map((c) => c.totalExposure);
    expect(order(book)).toEqual(["501.00", "20.00", "20.00"]);
    expect(findCircles({ exposures: [...book].reverse() })).toEqual(findCircles({ exposures: book }));
    expect(findCircles({ exposures: book })[1]?.members[0]).toBe(P(1));
  });
});
