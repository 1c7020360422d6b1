import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GSI_BY_APPROVER, GSI_BY_STATUS, TTL_ATTRIBUTE } from "../../functions/shared/table";
import { fromRoot } from "../../infra/aws/paths";
import { CreditApprovalStack } from "../../infra/aws/stack";
import {
  FUNCTIONS,
  type HttpFunction,
  STATE_MACHINE_FILE,
  STATE_MACHINE_NAME,
  substitute,
} from "../../infra/catalog";
import {
  actionsOf,
  type CfnResource,
  flatten,
  isObject,
  type Json,
  type PolicyStatement,
  resourcesOf,
  resourcesOfType,
  statementsOfRole,
} from "./template-json";

const asl = readFileSync(fromRoot(STATE_MACHINE_FILE), "utf8");
const stepSpecs = FUNCTIONS.flatMap((f) => (f.kind === "step" ? [f] : []));
const httpSpecs = FUNCTIONS.filter((f): f is HttpFunction => f.kind === "http");

let stack: CreditApprovalStack;
let template: Template;
let resources: Record<string, CfnResource>;
let outdir: string;

/** The logical id of the catalog function `name` (every project function carries its catalog name). */
function functionId(name: string): string {
  const found = resourcesOfType(resources, "AWS::Lambda::Function").filter(([, fn]) => {
    const env = fn.Properties?.Environment;
    return isObject(env) && isObject(env.Variables) && env.Variables.POWERTOOLS_SERVICE_NAME === name;
  });
  expect(found, `exactly one Lambda function for ${name}`).toHaveLength(1);
  return found[0]?.[0] ?? "";
}

function roleIdOf(functionLogicalId: string): string {
  return flatten(resources[functionLogicalId]?.Properties?.Role).replace(/^<(.+)\.Arn>$/, "$1");
}

/** The catalog functions whose role has a statement allowing `action`, with the statements. */
function grantees(action: string): Map<string, PolicyStatement[]> {
  const out = new Map<string, PolicyStatement[]>();
  for (const spec of FUNCTIONS) {
    const hits = statementsOfRole(resources, roleIdOf(functionId(spec.name))).filter((s) =>
      actionsOf(s).includes(action),
    );
    if (hits.length > 0) out.set(spec.name, hits);
  }
  return out;
}

function stateMachine(): [string, CfnResource] {
  const machines = resourcesOfType(resources, "AWS::StepFunctions::StateMachine");
  expect(machines).toHaveLength(1);
  const first = machines[0];
  if (!first) throw new Error("no state machine");
  return first;
}

const stateMachineArnText = (name: string) =>
  `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${name}`;

beforeAll(() => {
  // One synth (with real esbuild bundling, as `npm run synth` does) shared by every assertion below.
  // Our own outdir, removed afterwards: 13 bundles per run would otherwise pile up in the temp dir.
  outdir = mkdtempSync(join(tmpdir(), "cdk-infra-test-"));
  const app = new App({ outdir });
  stack = new CreditApprovalStack(app, "TestStack");
  Aspects.of(app).add(new AwsSolutionsChecks());
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources as Record<string, CfnResource>;
}, 180_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe("the approval state machine", () => {
  it("is a Standard machine whose definition is the ASL file with each placeholder bound to its catalog function", () => {
    const [, machine] = stateMachine();
    const props = machine.Properties ?? {};
    expect(props.StateMachineType).toBe("STANDARD");
    const substitutions = isObject(props.DefinitionSubstitutions) ? props.DefinitionSubstitutions : {};
    const deployed = substitute(
      flatten(props.DefinitionString),
      Object.fromEntries(Object.entries(substitutions).map(([k, v]) => [k, flatten(v)])),
    );
    const expected = substitute(
      asl,
      Object.fromEntries(stepSpecs.map((s) => [s.substitution, `<${functionId(s.name)}.Arn>`])),
    );
    expect(JSON.parse(deployed)).toEqual(JSON.parse(expected));
  });

  it("logs ALL events without execution data, and is traced", () => {
    const [, machine] = stateMachine();
    expect(machine.Properties?.LoggingConfiguration).toMatchObject({
      Level: "ALL",
      IncludeExecutionData: false,
    });
    expect(machine.Properties?.TracingConfiguration).toEqual({ Enabled: true });
  });

  it("may invoke exactly the functions the ASL references (and their versions), nothing broader", () => {
    const [, machine] = stateMachine();
    const roleId = flatten(machine.Properties?.RoleArn).replace(/^<(.+)\.Arn>$/, "$1");
    const statements = statementsOfRole(resources, roleId);
    const invoking = statements.filter((s) =>
      actionsOf(s).some((a) => a === "*" || a === "lambda:*" || a === "lambda:InvokeFunction"),
    );
    for (const s of invoking) {
      expect(actionsOf(s)).toEqual(["lambda:InvokeFunction"]);
      expect(resourcesOf(s)).not.toContain("*");
    }
    const referenced = [...asl.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
    const ids = stepSpecs.filter((s) => referenced.includes(s.substitution)).map((s) => functionId(s.name));
    expect(ids).toHaveLength(new Set(referenced).size);
    const granted = invoking.flatMap(resourcesOf).sort();
    expect(granted).toEqual(ids.flatMap((id) => [`<${id}.Arn>`, `<${id}.Arn>:*`]).sort());
  });
});

describe("the Lambda functions", () => {
  it("exist once per catalog entry with the project defaults", () => {
    expect(resourcesOfType(resources, "AWS::Lambda::Function")).toHaveLength(FUNCTIONS.length);
    for (const spec of FUNCTIONS) {
      const props = resources[functionId(spec.name)]?.Properties ?? {};
      expect(props, spec.name).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        TracingConfig: { Mode: "Active" },
        Environment: { Variables: { NODE_OPTIONS: "--enable-source-maps", MAILER: "ses" } },
      });
      const logGroupId = flatten((props.LoggingConfig as { LogGroup: Json }).LogGroup).replace(/[<>]/g, "");
      expect(resources[logGroupId]?.Properties?.RetentionInDays, spec.name).toBeGreaterThan(0);
      // Its own role (no AWSLambdaBasicExecutionRole) must still be able to write its own log group.
      const logWriters = grantees("logs:PutLogEvents").get(spec.name) ?? [];
      expect(logWriters.flatMap(resourcesOf), spec.name).toEqual([`<${logGroupId}.Arn>`]);
    }
  });

  it("know the state machine's ARN from its fixed name, without a reference that would be a cycle", () => {
    const [, machine] = stateMachine();
    const name = String(machine.Properties?.StateMachineName);
    expect(name.endsWith(STATE_MACHINE_NAME)).toBe(true);
    for (const spec of FUNCTIONS) {
      const env = resources[functionId(spec.name)]?.Properties?.Environment as {
        Variables: Record<string, Json>;
      };
      expect(flatten(env.Variables.STATE_MACHINE_ARN), spec.name).toBe(stateMachineArnText(name));
      expect(flatten(env.Variables.PUBLIC_BASE_URL), spec.name).toMatch(/^https:\/\/<Http.*>\.execute-api\./);
    }
  });

  it("answer task tokens only in the decision handler and open-stage (reconciliation), on this state machine", () => {
    const name = String(stateMachine()[1].Properties?.StateMachineName);
    for (const action of ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"]) {
      const holders = grantees(action);
      expect([...holders.keys()].sort(), action).toEqual(["approval-decision", "open-stage"]);
      for (const s of [...holders.values()].flat())
        expect(resourcesOf(s)).toEqual([stateMachineArnText(name)]);
    }
  });

  it("start executions only from submit-case and resubmit-case", () => {
    expect([...grantees("states:StartExecution").keys()].sort()).toEqual(["resubmit-case", "submit-case"]);
  });

  it("send mail only from the mailing steps, scoped to the SES identity parameter", () => {
    const holders = grantees("ses:SendEmail");
    expect([...holders.keys()].sort()).toEqual(["escalate", "finalize-case", "open-stage", "record-failure"]);
    for (const s of [...holders.values()].flat()) {
      expect(resourcesOf(s)).toEqual([
        "arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/<SesIdentity>",
      ]);
      expect(s.Condition).toBeDefined();
    }
  });

  it("read the link-signing secret only where links are signed or verified", () => {
    const holders = grantees("secretsmanager:GetSecretValue");
    expect([...holders.keys()].sort()).toEqual([
      "approval-decision",
      "approval-page",
      "escalate",
      "open-stage",
    ]);
    for (const name of holders.keys()) {
      const env = resources[functionId(name)]?.Properties?.Environment as { Variables: Record<string, Json> };
      expect(flatten(env.Variables.LINK_SIGNING_SECRET_ARN)).toMatch(/^<LinkSigningKey.*>$/);
    }
  });

  it("write the table only from handlers that change cases; the read routes only read", () => {
    const writers = [...grantees("dynamodb:PutItem").keys()].sort();
    expect(writers).toEqual(
      FUNCTIONS.map((f) => f.name)
        .filter((n) => !["list-cases", "get-case", "case-history", "approval-page"].includes(n))
        .sort(),
    );
    expect([...grantees("dynamodb:Query").keys()]).toHaveLength(FUNCTIONS.length);
  });
});

describe("the case table", () => {
  it("is on demand with PITR, deletion protection, SSE, TTL on `ttl`, both GSIs, and is retained", () => {
    template.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        SSESpecification: Match.objectLike({ SSEEnabled: true }),
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        GlobalSecondaryIndexes: Match.arrayWith([
          Match.objectLike({ IndexName: GSI_BY_STATUS, Projection: { ProjectionType: "ALL" } }),
          Match.objectLike({ IndexName: GSI_BY_APPROVER, Projection: { ProjectionType: "ALL" } }),
        ]),
        Replicas: [
          Match.objectLike({
            DeletionProtectionEnabled: true,
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      }),
    });
  });
});

describe("the HTTP API", () => {
  it("has every catalog route, JWT-authorized on jwt routes and open on signed-link routes", () => {
    const routes = resourcesOfType(resources, "AWS::ApiGatewayV2::Route");
    expect(routes).toHaveLength(httpSpecs.length);
    const authorizers = resourcesOfType(resources, "AWS::ApiGatewayV2::Authorizer");
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0] ?? ["", { Type: "" }];
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: "JWT" });
    const jwtConfig = authorizer.Properties?.JwtConfiguration;
    expect(flatten(isObject(jwtConfig) ? jwtConfig.Issuer : undefined)).toMatch(
      /^https:\/\/cognito-idp\.<AWS::Region>\.<AWS::URLSuffix>\/<Staff.*>$/,
    );
    for (const spec of httpSpecs) {
      const key = `${spec.route.method} ${spec.route.path}`;
      const route = routes.find(([, r]) => r.Properties?.RouteKey === key)?.[1];
      expect(route, key).toBeDefined();
      const props = route?.Properties ?? {};
      if (spec.route.auth === "jwt") {
        expect(props.AuthorizationType, key).toBe("JWT");
        expect(props.AuthorizerId, key).toEqual({ Ref: authorizerId });
      } else {
        expect(props.AuthorizationType ?? "NONE", key).toBe("NONE");
        expect(props.AuthorizerId, key).toBeUndefined();
      }
      const integrationId = flatten(props.Target).replace(/^integrations\/<(.+)>$/, "$1");
      expect(flatten(resources[integrationId]?.Properties?.IntegrationUri), key).toBe(
        `<${functionId(spec.name)}.Arn>`,
      );
    }
  });

  it("logs access and throttles on its $default stage", () => {
    template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });
});

describe("alarms", () => {
  it("page the SNS topic on failed, timed-out and throttled executions, Lambda errors and table throttles", () => {
    const alarms = resourcesOfType(resources, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties ?? {});
    const metricNames = alarms.flatMap((a) => {
      if (typeof a.MetricName === "string") return [a.MetricName];
      return ((a.Metrics ?? []) as { MetricStat?: { Metric: { MetricName: string } } }[]).flatMap((m) =>
        m.MetricStat ? [m.MetricStat.Metric.MetricName] : [],
      );
    });
    for (const m of [
      "ExecutionsFailed",
      "ExecutionsTimedOut",
      "ExecutionThrottled",
      "ReadThrottleEvents",
      "WriteThrottleEvents",
    ]) {
      expect(metricNames, m).toContain(m);
    }
    expect(metricNames.filter((m) => m === "Errors")).toHaveLength(FUNCTIONS.length);
    const topics = resourcesOfType(resources, "AWS::SNS::Topic").map(([id]) => id);
    for (const a of alarms)
      expect((a.AlarmActions as Json[]).map(flatten)).toEqual(topics.map((t) => `<${t}>`));
  });
});

describe("cdk-nag AwsSolutions", () => {
  it("reports no unsuppressed errors", () => {
    const errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).split(":")[0]}`)).toEqual([]);
  });
});
