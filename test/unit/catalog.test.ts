import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ASL_ERROR_NAMES, TRANSIENT_ERROR, TransientError } from "../../domain/errors";
import { FUNCTIONS, STATE_MACHINE_FILE, substitute } from "../../infra/catalog";

const ROOT = join(import.meta.dirname, "..", "..");
const asl = readFileSync(join(ROOT, STATE_MACHINE_FILE), "utf8");

describe("the function catalog and the state machine agree", () => {
  it("has a step function for every placeholder of the ASL, and no unused one", () => {
    const placeholders = new Set([...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]));
    const substitutions = new Set(FUNCTIONS.flatMap((f) => (f.kind === "step" ? [f.substitution] : [])));
    expect([...placeholders].sort()).toEqual([...substitutions].sort());
  });

  it("substitutes into a definition whose every Next and Default names a state", () => {
    const values = Object.fromEntries(
      FUNCTIONS.flatMap((f) =>
        f.kind === "step"
          ? [[f.substitution, `arn:aws:lambda:us-east-1:000000000000:function:${f.name}`]]
          : [],
      ),
    );
    const def = JSON.parse(substitute(asl, values)) as {
      StartAt: string;
      States: Record<string, Record<string, unknown>>;
    };
    const names = new Set(Object.keys(def.States));
    expect(names.has(def.StartAt)).toBe(true);
    const targets = Object.values(def.States).flatMap((st) => [
      st.Next,
      st.Default,
      ...((st.Choices as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
      ...((st.Catch as { Next: string }[] | undefined) ?? []).map((c) => c.Next),
    ]);
    for (const t of targets.filter((x): x is string => typeof x === "string"))
      expect(names.has(t), t).toBe(true);
  });

  it("gives every Task a Catch that ends in a recorded failure, so no case is silently lost", () => {
    const def = JSON.parse(asl) as {
      States: Record<string, { Type: string; Catch?: { ErrorEquals: string[]; Next: string }[] }>;
    };
    for (const [name, st] of Object.entries(def.States)) {
      if (st.Type !== "Task" || name === "RecordFailure") continue;
      expect(
        st.Catch?.some((c) => c.ErrorEquals.includes("States.ALL") && c.Next === "RecordFailure"),
        name,
      ).toBe(true);
    }
  });

  it("refuses an unknown or unused substitution", () => {
    expect(() => substitute(`$${"{"}Nope}`, {})).toThrow(/no substitution/);
    expect(() => substitute("{}", { Extra: "x" })).toThrow(/not used/);
  });

  it("has a handler file for every catalog entry", () => {
    for (const f of FUNCTIONS) expect(() => readFileSync(join(ROOT, f.entry)), f.entry).not.toThrow();
  });
});

describe("the error names the state machine matches on", () => {
  const def = JSON.parse(asl) as {
    States: Record<string, { Retry?: { ErrorEquals: string[] }[]; Catch?: { ErrorEquals: string[] }[] }>;
  };
  /** Every name in a Retry or Catch that AWS does not define (States.* and Lambda.* are theirs). */
  const ours = new Set(
    Object.values(def.States)
      .flatMap((st) => [...(st.Retry ?? []), ...(st.Catch ?? [])])
      .flatMap((r) => r.ErrorEquals)
      .filter((name) => !/^(States|Lambda)\./.test(name)),
  );

  it("are exactly the names the code exports for it, and each is the name of an error it throws", () => {
    expect([...ours].sort()).toEqual([...ASL_ERROR_NAMES].sort());
    expect(new TransientError("X", "x").name).toBe(TRANSIENT_ERROR);
    expect(ASL_ERROR_NAMES).toContain(TRANSIENT_ERROR);
    // Thrown where a case write keeps losing its race, which the state machine then retries.
    const mutate = readFileSync(join(ROOT, "functions/app/workflow/mutate.ts"), "utf8");
    expect(mutate).toMatch(/throw new TransientError\(/);
  });

  it("retry TransientError on every task that can lose a race", () => {
    for (const [name, st] of Object.entries(def.States)) {
      if (!st.Retry || name === "RecordFailure") continue;
      expect(
        st.Retry.some((r) => r.ErrorEquals.includes(TRANSIENT_ERROR)),
        name,
      ).toBe(true);
    }
  });
});

describe("the catalog's handlers", () => {
  it("name themselves by their catalog name in their logs and metrics", () => {
    for (const f of FUNCTIONS) {
      const source = readFileSync(join(ROOT, f.entry), "utf8");
      expect(source, f.entry).toContain(`observe("${f.name}")`);
    }
  });
});
