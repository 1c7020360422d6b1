import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { StaffUserPool } from "../../infra/aws/constructs/staff-user-pool";

function poolUnder(context: Record<string, unknown>): Template {
  const stack = new Stack(new App({ context }), "Staff");
  new StaffUserPool(stack, "Staff");
  return Template.fromStack(stack);
}

const WEB = { webBaseUrl: "https://credit.bank.example", cognitoDomainPrefix: "bank-credit" };

describe("browser sign-in on AWS (Cognito hosted UI)", () => {
  it("has a public client on the code flow only, its callback and sign-out URLs from context, and a domain", () => {
    const template = poolUnder(WEB);
    template.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: Match.arrayWith(["openid"]),
      CallbackURLs: ["https://credit.bank.example/auth/callback"],
      LogoutURLs: ["https://credit.bank.example/signin"],
      SupportedIdentityProviders: ["COGNITO"],
    });
    template.hasResourceProperties("AWS::Cognito::UserPoolDomain", { Domain: "bank-credit" });
    // The API client (SRP for scripts) keeps no OAuth flow.
    const clients = Object.values(template.findResources("AWS::Cognito::UserPoolClient"));
    expect(clients).toHaveLength(2);
  });

  it("is absent without context, and a bad value fails the synth naming the flag", () => {
    const template = poolUnder({});
    expect(Object.keys(template.findResources("AWS::Cognito::UserPoolClient"))).toHaveLength(1);
    expect(Object.keys(template.findResources("AWS::Cognito::UserPoolDomain"))).toHaveLength(0);
    expect(() => poolUnder({ ...WEB, webBaseUrl: "http://credit.bank.example" })).toThrow(
      /context webBaseUrl/,
    );
    expect(() => poolUnder({ webBaseUrl: WEB.webBaseUrl })).toThrow(/context cognitoDomainPrefix/);
  });
});
