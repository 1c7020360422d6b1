import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
