import { resolve } from "node:path";
import { App, Aspects } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { CreditApprovalStack } from "./stack";

/**
 * Environment-agnostic on purpose: no account or region lookups, so `cdk synth` runs offline without
 * credentials; `cdk deploy` takes both from the caller's AWS profile.
 */
const app = new App();
const directoryFile: unknown = app.node.tryGetContext("directoryFile");
new CreditApprovalStack(app, "SmeCreditApproval", {
  description: "SME credit approval workflow: Step Functions, Lambda, DynamoDB, HTTP API, SES",
  directoryFile: typeof directoryFile === "string" ? resolve(directoryFile) : undefined,
});
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();
