import middy from "@middy/core";
import { describe, expect, it } from "vitest";
import { CodedError, TRANSIENT_ERROR, TransientError } from "../../domain/errors";
import { transientOutages } from "../../functions/shared/step-errors";

const step = (error: unknown) =>
  middy(async () => {
    throw error;
  }).use(transientOutages());

describe("a step that meets an outage", () => {
  it("fails with the error name the state machine retries, keeping what happened as its cause", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" });
    const thrown = await step(refused)({}, {} as never).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(TransientError);
    expect(thrown).toMatchObject({ name: TRANSIENT_ERROR, code: "SERVICE_UNAVAILABLE", cause: refused });
    const throttled = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    expect(await step(throttled)({}, {} as never).catch((e: unknown) => e)).toMatchObject({
      name: TRANSIENT_ERROR,
    });
  });

  it("leaves a bug or a broken invariant as it was: the state machine records it as the case's failure", async () => {
    const bug = new CodedError("STAGE_NOT_ON_ROUTE", "MANAGER is not on the route");
    expect(await step(bug)({}, {} as never).catch((e: unknown) => e)).toBe(bug);
    const lost = new TransientError("CASE_WRITE_CONFLICT", "still conflicting");
    expect(await step(lost)({}, {} as never).catch((e: unknown) => e)).toBe(lost);
  });
});
