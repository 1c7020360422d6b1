import { App, Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { BUNDLING_STACKS } from "aws-cdk-lib/cx-api";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { CreditApprovalStack } from "../../infra/aws/stack";
import { type CfnResource, flatten, isObject, type Json, resourcesOfType } from "./template-json";

let stack: CreditApprovalStack;
let resources: Record<string, CfnResource>;
let template: Template;

beforeAll(() => {
  // The handlers' bundles are asserted in stack.test.ts; here only the edge matters, so bundling is skipped.
  const app = new App({ context: { [BUNDLING_STACKS]: [], wafRateLimit: "500" } });
  stack = new CreditApprovalStack(app, "WafStack");
  Aspects.of(app).add(new AwsSolutionsChecks());
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, CfnResource>;
}, 120_000);

describe("the optional WAF (-c wafRateLimit=N)", () => {
  it("puts a CloudFront-scoped web ACL with a per-IP rate-based rule in front of the API", () => {
    const acls = resourcesOfType(resources, "AWS::WAFv2::WebACL");
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0] ?? ["", { Type: "" }];
    expect(acl.Properties).toMatchObject({
      Scope: "CLOUDFRONT",
      DefaultAction: { Allow: {} },
      Rules: [
        expect.objectContaining({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { Limit: 500, AggregateKeyType: "IP" } },
        }),
      ],
    });
    const distributions = resourcesOfType(resources, "AWS::CloudFront::Distribution");
    expect(distributions).toHaveLength(1);
    const config = distributions[0]?.[1].Properties?.DistributionConfig as Record<string, Json>;
    expect(flatten(config.WebACLId)).toBe(`<${aclId}.Arn>`);
    const origins = config.Origins as Json[];
    expect(origins).toHaveLength(1);
    expect(JSON.stringify(origins[0])).toContain("execute-api");
  });

  it("forwards every method, the query (link signatures) and the Authorization header, and caches nothing", () => {
    const config = resourcesOfType(resources, "AWS::CloudFront::Distribution")[0]?.[1].Properties
      ?.DistributionConfig as Record<string, Json>;
    const behavior = config.DefaultCacheBehavior as Record<string, Json>;
    expect(behavior.AllowedMethods).toEqual(
      expect.arrayContaining(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]),
    );
    expect(behavior.ViewerProtocolPolicy).toBe("https-only");
    const cachePolicyId = flatten(behavior.CachePolicyId).replace(/^<(.+)>$/, "$1");
    const cache = resources[cachePolicyId]?.Properties?.CachePolicyConfig as Record<string, Json>;
    expect(cache).toMatchObject({ MinTTL: 0, DefaultTTL: 0 });
    const key = cache.ParametersInCacheKeyAndForwardedToOrigin as Record<string, Json>;
    expect(key.HeadersConfig).toEqual({ HeaderBehavior: "whitelist", Headers: ["Authorization"] });
    expect(key.QueryStringsConfig).toEqual({ QueryStringBehavior: "all" });
  });

  it("mails links through the distribution, so approvers go through the rate rule", () => {
    const distributionId = resourcesOfType(resources, "AWS::CloudFront::Distribution")[0]?.[0];
    for (const [, fn] of resourcesOfType(resources, "AWS::Lambda::Function")) {
      const env = fn.Properties?.Environment;
      const vars = isObject(env) && isObject(env.Variables) ? env.Variables : {};
      if (vars.PUBLIC_BASE_URL === undefined) continue;
      expect(flatten(vars.PUBLIC_BASE_URL)).toBe(`https://<${distributionId}.DomainName>`);
    }
  });

  it("refuses to deploy outside us-east-1, where CloudFront web ACLs must live", () => {
    const rules = template.toJSON().Rules as Record<string, { Assertions: { Assert: Json }[] }>;
    const asserts = Object.values(rules ?? {}).flatMap((r) =>
      r.Assertions.map((a) => JSON.stringify(a.Assert)),
    );
    expect(asserts).toContainEqual(expect.stringMatching(/AWS::Region.*us-east-1/));
  });

  it("passes cdk-nag, each finding it leaves suppressed with a reason", () => {
    const errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).split(":")[0]}`)).toEqual([]);
  });

  it("refuses a rate limit WAF does not accept", () => {
    const app = new App({ context: { [BUNDLING_STACKS]: [], wafRateLimit: "5" } });
    expect(() => new CreditApprovalStack(app, "Bad")).toThrow(/wafRateLimit/);
  });
});
