import { describe, expect, it } from "vitest";
import {
  applyRowAction,
  controlName,
  fromApplication,
  readFormState,
  toApplicationInput,
} from "../../functions/shared/application-form/values";
import { fixture } from "../support/applications";

/** The form as a browser posts it: every control by name, the row counts, the CSRF token and the button. */
function posted(
  state: ReturnType<typeof fromApplication>,
  extra: Record<string, string> = {},
): URLSearchParams {
  const form = new URLSearchParams({ csrf: "t", action: "submit", ...extra });
  for (const [key, n] of Object.entries(state.rows)) form.set(`rows.${key}`, String(n));
  // An unchecked box is not sent at all.
  for (const [name, value] of state.values) if (value !== "") form.set(name, value);
  return form;
}

describe("the application form's values", () => {
  it.each(["a2-wholesale", "b2-manufacturing", "micro-services"] as const)(
    "give back exactly the application they were filled from (%s)",
    (name) => {
      const app = fixture(name);
      expect(toApplicationInput(readFormState(posted(fromApplication(app))), app.submittedBy)).toEqual(app);
    },
  );

  it("adds a row, and removes one moving the later rows up with what was typed", () => {
    const state = readFormState(
      new URLSearchParams(
        "rows.facilities=3&facilities.0.amount=1&facilities.1.amount=2&facilities.2.amount=3&rows.financials=1",
      ),
    );
    const removed = applyRowAction(state, "remove:facilities:1");
    expect(removed.rows.facilities).toBe(2);
    expect([removed.values.get("facilities.0.amount"), removed.values.get("facilities.1.amount")]).toEqual([
      "1",
      "3",
    ]);
    expect(removed.values.has("facilities.2.amount")).toBe(false);
    expect(applyRowAction(state, "add:facilities").rows.facilities).toBe(4);
    // Beyond the contract's limit, or an unknown list: nothing changes.
    expect(applyRowAction(state, "add:financials").rows.financials).toBe(2);
    expect(
      applyRowAction(
        applyRowAction(applyRowAction(state, "add:financials"), "add:financials"),
        "add:financials",
      ).rows.financials,
    ).toBe(3);
    expect(applyRowAction(state, "remove:facilities:7")).toBe(state);
    expect(applyRowAction(state, "add:nothing")).toBe(state);
  });

  it("keeps words and thousands separators as the schema should judge them", () => {
    const input = toApplicationInput(
      readFormState(
        new URLSearchParams("rows.financials=1&financials.0.revenue=1,500,000.00&financials.0.year=twenty"),
      ),
      "rm.chen",
    ) as { financials: { revenue: string; year: unknown }[] };
    expect(input.financials[0]?.revenue).toBe("1500000.00");
    expect(input.financials[0]?.year).toBe("twenty");
  });

  it("names the control of a schema problem's path", () => {
    expect(controlName("$.financials[0].revenue")).toBe("financials.0.revenue");
    expect(controlName("$.borrower.name")).toBe("borrower.name");
    expect(controlName("$.facilities")).toBe("facilities");
  });
});
