import { App, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { DigestBucket, digestLockFromContext } from "../../infra/aws/constructs/digest-bucket";
import { CreditApprovalStack } from "../../infra/aws/stack";

/** The default retention of a digest bucket synthesized under the given CDK context. */
function retentionUnder(context: Record<string, unknown>): unknown {
  const stack = new Stack(new App({ context }), "Digests");
  new DigestBucket(stack, "Digests", { lock: digestLockFromContext(stack) });
  const buckets = Template.fromStack(stack).findResources("AWS::S3::Bucket", {
    Properties: { ObjectLockEnabled: true },
  });
  const [bucket] = Object.values(buckets) as { Properties: { ObjectLockConfiguration: { Rule: unknown } } }[];
  return bucket?.Properties.ObjectLockConfiguration.Rule;
}

describe("the digest lock from CDK context", () => {
  it("defaults to COMPLIANCE for 3653 days", () => {
    expect(retentionUnder({})).toEqual({ DefaultRetention: { Mode: "COMPLIANCE", Days: 3653 } });
  });

  it("takes -c digestLockMode=GOVERNANCE -c digestRetentionDays=1 (strings) for trial deployments", () => {
    expect(retentionUnder({ digestLockMode: "GOVERNANCE", digestRetentionDays: "1" })).toEqual({
      DefaultRetention: { Mode: "GOVERNANCE", Days: 1 },
    });
  });

  it("takes a number of days from cdk.json", () => {
    expect(retentionUnder({ digestRetentionDays: 2557 })).toEqual({
      DefaultRetention: { Mode: "COMPLIANCE", Days: 2557 },
    });
  });

  it.each(["compliance", "NONE", "", 7])(
    "rejects digestLockMode %j at synth, naming the flag",
    (digestLockMode) => {
      expect(() => retentionUnder({ digestLockMode })).toThrow(
        /context digestLockMode must be COMPLIANCE or GOVERNANCE/,
      );
    },
  );

  it.each(["0", 0, "1.5", 1.5, "ten", "", "-1", "36501", 36_501, true])(
    "rejects digestRetentionDays %j at synth, naming the flag and the range",
    (digestRetentionDays) => {
      expect(() => retentionUnder({ digestRetentionDays })).toThrow(
        /context digestRetentionDays must be a whole number of days from 1 to 36500/,
      );
    },
  );

  it("fails the whole stack before any function is bundled", () => {
    const app = new App({ context: { digestLockMode: "COMPLIANT" } });
    expect(() => new CreditApprovalStack(app, "Bad")).toThrow(/digestLockMode/);
  });
});
