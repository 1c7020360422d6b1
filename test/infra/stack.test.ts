import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Aspects } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APPROVAL_PK_PREFIX,
  BOOK_PK_PREFIX,
  CASE_PK_PREFIX,
  CREDIT_PK_PREFIX,
  DRAFT_PK_PREFIX,
  GSI_BY_APPROVER,
  GSI_BY_STATUS,
  IDEMPOTENCY_PK_PREFIX,
  LOCK_PK_PREFIX,
  TTL_ATTRIBUTE,
} from "../../functions/adapters/aws/table";
import { ERROR_LINES_METRIC, METRIC_SOURCES, STAGE_OUTCOMES } from "../../infra/aws/constructs/observability";
import { fromRoot } from "../../infra/aws/paths";
import { type ItemFamily, needsOfFunction } from "../../infra/aws/ports";
import { CreditApprovalStack } from "../../infra/aws/stack";
import {
  FUNCTIONS,
  type HttpFunction,
  routePaths,
  type ScheduledFunction,
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
const scheduledSpecs = FUNCTIONS.filter((f): f is ScheduledFunction => f.kind === "schedule");

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

/** The environment variables of the catalog function `name`. */
function envOf(name: string): Record<string, Json> {
  const env = resources[functionId(name)]?.Properties?.Environment as { Variables: Record<string, Json> };
  return env.Variables;
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

/** Every Allow statement of every identity policy in the stack, whoever it is attached to. */
function allIdentityStatements(): PolicyStatement[] {
  return Object.values(resources).flatMap((r) => {
    const docs: Json[] = [];
    if (r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy")
      docs.push(r.Properties?.PolicyDocument ?? null);
    if (r.Type === "AWS::IAM::Role")
      for (const p of (r.Properties?.Policies ?? []) as Json[])
        if (isObject(p)) docs.push(p.PolicyDocument ?? null);
    return docs.flatMap((d) => (isObject(d) ? (d.Statement as unknown as PolicyStatement[]) : []));
  });
}

/** Whether an IAM action pattern (`s3:*`, `s3:Delete*`, `*`) covers `action`; IAM matches case-insensitively. */
function covers(pattern: string, action: string): boolean {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[.?+^$()|[\]\\{}]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${body}$`, "i").test(action);
}

/** The one bucket with Object Lock: the digest bucket. */
function digestBucket(): [string, CfnResource] {
  const locked = resourcesOfType(resources, "AWS::S3::Bucket").filter(
    ([, b]) => b.Properties?.ObjectLockEnabled === true,
  );
  expect(locked).toHaveLength(1);
  const first = locked[0];
  if (!first) throw new Error("no Object Lock bucket");
  return first;
}

/** The statements of the bucket policy attached to the bucket `bucketId`. */
function bucketPolicyOf(bucketId: string): (PolicyStatement & { Principal?: Json })[] {
  const policies = resourcesOfType(resources, "AWS::S3::BucketPolicy").filter(
    ([, p]) => flatten(p.Properties?.Bucket) === `<${bucketId}>`,
  );
  expect(policies).toHaveLength(1);
  const doc = policies[0]?.[1].Properties?.PolicyDocument;
  return isObject(doc) ? (doc.Statement as unknown as PolicyStatement[]) : [];
}

function stateMachine(): [string, CfnResource] {
  const machines = resourcesOfType(resources, "AWS::StepFunctions::StateMachine");
  expect(machines).toHaveLength(1);
  const first = machines[0];
  if (!first) throw new Error("no state machine");
  return first;
}

/** The functions that only ever read the table. */
const READ_ONLY = [
  "list-cases",
  "get-case",
  "case-history",
  "case-audit",
  "approval-page",
  "make-digest",
  "next-stage",
  "get-credit",
  "list-warnings",
  "classification-report",
  "publish-events",
  "home",
  "application-form",
  "application-preview",
  "case-edit",
  "get-document",
  "open-draft",
];

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
        Environment: {
          Variables: {
            NODE_OPTIONS: "--enable-source-maps",
            POWERTOOLS_SERVICE_NAME: spec.name,
            POWERTOOLS_METRICS_NAMESPACE: "SmeCreditApproval/TestStack",
          },
        },
      });
      const logGroupId = flatten((props.LoggingConfig as { LogGroup: Json }).LogGroup).replace(/[<>]/g, "");
      expect(resources[logGroupId]?.Properties?.RetentionInDays, spec.name).toBeGreaterThan(0);
      // Its own role (no AWSLambdaBasicExecutionRole) must still be able to write its own log group.
      const logWriters = grantees("logs:PutLogEvents").get(spec.name) ?? [];
      expect(logWriters.flatMap(resourcesOf), spec.name).toEqual([`<${logGroupId}.Arn>`]);
    }
  });

  it("have exactly the environment of the ports their catalog entry names", () => {
    const always = ["NODE_OPTIONS", "POWERTOOLS_METRICS_NAMESPACE", "POWERTOOLS_SERVICE_NAME"];
    for (const spec of FUNCTIONS) {
      const env = resources[functionId(spec.name)]?.Properties?.Environment as {
        Variables: Record<string, Json>;
      };
      const own = spec.kind === "method-fallback" ? ["ROUTE_METHODS"] : [];
      expect(Object.keys(env.Variables).sort(), spec.name).toEqual(
        [...always, ...own, ...(needsOfFunction(spec.name).env ?? [])].sort(),
      );
    }
    expect(Object.keys(envOf("get-case")).sort()).toEqual([...always, "DIRECTORY_FILE", "TABLE_NAME"].sort());
    expect(envOf("open-stage")).toMatchObject({ MAILER: "ses", DIRECTORY_FILE: "/var/task/directory.json" });
  });

  it("know the state machine's ARN from its fixed name, without a reference that would be a cycle", () => {
    const [, machine] = stateMachine();
    const name = String(machine.Properties?.StateMachineName);
    expect(name.endsWith(STATE_MACHINE_NAME)).toBe(true);
    const holders = FUNCTIONS.filter((f) => envOf(f.name).STATE_MACHINE_ARN !== undefined).map((f) => f.name);
    expect(holders.sort()).toEqual([
      "application-submit",
      "case-resubmit-form",
      "reconcile-cases",
      "resubmit-case",
      "submit-case",
    ]);
    for (const spec of holders)
      expect(flatten(envOf(spec).STATE_MACHINE_ARN), spec).toBe(stateMachineArnText(name));
    for (const spec of FUNCTIONS.filter((f) => envOf(f.name).PUBLIC_BASE_URL !== undefined))
      expect(flatten(envOf(spec.name).PUBLIC_BASE_URL), spec.name).toMatch(
        /^https:\/\/<Http.*>\.execute-api\./,
      );
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

  it("start executions only from submit-case, resubmit-case, their form twins and the reconciler", () => {
    expect([...grantees("states:StartExecution").keys()].sort()).toEqual([
      "application-submit",
      "case-resubmit-form",
      "reconcile-cases",
      "resubmit-case",
      "submit-case",
    ]);
  });

  it("send mail only from the mailing steps, scoped to the SES identity parameter", () => {
    const holders = grantees("ses:SendEmail");
    expect([...holders.keys()].sort()).toEqual([
      "escalate",
      "finalize-case",
      "open-stage",
      "reconcile-cases",
      "record-failure",
    ]);
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
      "open-stage",
      "reconcile-cases",
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
        .filter((n) => ![...READ_ONLY, "method-not-allowed", "openapi"].includes(n))
        .sort(),
    );
    // Every function that reads the table queries it; saving a draft only puts.
    const tableUsers = FUNCTIONS.filter(
      (f) => needsOfFunction(f.name).table !== undefined && f.name !== "save-draft",
    );
    expect([...grantees("dynamodb:Query").keys()].sort()).toEqual(tableUsers.map((f) => f.name).sort());
  });
});

const PREFIX: Record<ItemFamily, string> = {
  case: CASE_PK_PREFIX,
  approval: APPROVAL_PK_PREFIX,
  lock: LOCK_PK_PREFIX,
  credit: CREDIT_PK_PREFIX,
  idempotency: IDEMPOTENCY_PK_PREFIX,
  draft: DRAFT_PK_PREFIX,
  book: BOOK_PK_PREFIX,
};

/** The table statements of a function's role: action → the partition-key patterns it is limited to. */
function tableGrants(name: string): Record<string, string[]> {
  const tableId = resourcesOfType(resources, "AWS::DynamoDB::GlobalTable")[0]?.[0];
  const out: Record<string, string[]> = {};
  for (const s of statementsOfRole(resources, roleIdOf(functionId(name)))) {
    const onTable = resourcesOf(s).filter((r) => r.startsWith(`<${tableId}.Arn>`));
    if (onTable.length === 0) continue;
    const condition = isObject(s.Condition) ? s.Condition : {};
    const like = isObject(condition["ForAllValues:StringLike"]) ? condition["ForAllValues:StringLike"] : {};
    const keys = like["dynamodb:LeadingKeys"];
    for (const action of actionsOf(s)) {
      for (const r of onTable) {
        const where = r === `<${tableId}.Arn>` ? "" : r.slice(`<${tableId}.Arn>`.length);
        out[`${action}${where}`] = [
          ...(out[`${action}${where}`] ?? []),
          ...(Array.isArray(keys) ? (keys as string[]) : ["(any key)"]),
        ].sort();
      }
    }
  }
  return out;
}

describe("least privilege on the case table", () => {
  const everyone = () => allIdentityStatements().filter((s) => s.Effect === "Allow");

  it("lets no role delete, batch-write or scan it: the audit trail is append-only by IAM", () => {
    const forbidden = [
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:Scan",
      "dynamodb:DeleteTable",
    ];
    const allowed = everyone()
      .flatMap(actionsOf)
      .filter((a) => forbidden.some((f) => covers(a, f)));
    expect(allowed).toEqual([]);
  });

  it("allows UpdateItem only on approval, lock and book partitions, never where audit events live", () => {
    const updates = everyone().filter((s) => actionsOf(s).some((a) => covers(a, "dynamodb:UpdateItem")));
    expect(updates.length).toBeGreaterThan(0);
    for (const s of updates) {
      expect(actionsOf(s)).toEqual(["dynamodb:UpdateItem"]);
      expect(s.Condition).toMatchObject({
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": expect.any(Array) },
        Null: { "dynamodb:LeadingKeys": "false" },
      });
      const keys = (s.Condition as { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": string[] } })[
        "ForAllValues:StringLike"
      ]["dynamodb:LeadingKeys"];
      for (const k of keys) {
        expect(k.startsWith(CASE_PK_PREFIX), k).toBe(false);
        expect([`${APPROVAL_PK_PREFIX}*`, `${LOCK_PK_PREFIX}*`, `${BOOK_PK_PREFIX}*`]).toContain(k);
      }
    }
  });

  it("limits every item read and write to the partitions the function's ports name", () => {
    for (const spec of FUNCTIONS) {
      const table = needsOfFunction(spec.name).table;
      const expected: Record<string, string[]> = {};
      const like = (families: readonly ItemFamily[]) => families.map((f) => `${PREFIX[f]}*`).sort();
      if (table?.reads?.length) {
        for (const a of ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"])
          expected[a] = like(table.reads);
      }
      if (table?.listsByStatus) expected[`dynamodb:Query/index/${GSI_BY_STATUS}`] = ["(any key)"];
      if (table?.puts?.length) expected["dynamodb:PutItem"] = like(table.puts);
      const updated = Object.keys(table?.updates ?? {}) as ItemFamily[];
      if (updated.length) expected["dynamodb:UpdateItem"] = like(updated);
      expect(tableGrants(spec.name), spec.name).toEqual(expected);
    }
  });

  it("gives the public approval-decision function only its approval and its case's events", () => {
    expect(tableGrants("approval-decision")).toEqual({
      "dynamodb:BatchGetItem": [`${APPROVAL_PK_PREFIX}*`, `${CASE_PK_PREFIX}*`],
      "dynamodb:GetItem": [`${APPROVAL_PK_PREFIX}*`, `${CASE_PK_PREFIX}*`],
      "dynamodb:Query": [`${APPROVAL_PK_PREFIX}*`, `${CASE_PK_PREFIX}*`],
      "dynamodb:PutItem": [`${CASE_PK_PREFIX}*`],
      "dynamodb:UpdateItem": [`${APPROVAL_PK_PREFIX}*`],
    });
    expect(tableGrants("approval-page")).toEqual({
      "dynamodb:BatchGetItem": [`${APPROVAL_PK_PREFIX}*`, `${CASE_PK_PREFIX}*`],
      "dynamodb:GetItem": [`${APPROVAL_PK_PREFIX}*`, `${CASE_PK_PREFIX}*`],
      "dynamodb:Query": [`${APPROVAL_PK_PREFIX}*`, `${CASE_PK_PREFIX}*`],
    });
  });

  it("puts a monitored credit's events only on CREDIT# partitions, never on a case's", () => {
    expect(tableGrants("record-snapshot")).toEqual({
      "dynamodb:BatchGetItem": [`${CASE_PK_PREFIX}*`, `${CREDIT_PK_PREFIX}*`],
      "dynamodb:GetItem": [`${CASE_PK_PREFIX}*`, `${CREDIT_PK_PREFIX}*`],
      "dynamodb:Query": [`${CASE_PK_PREFIX}*`, `${CREDIT_PK_PREFIX}*`],
      "dynamodb:PutItem": [`${CREDIT_PK_PREFIX}*`],
    });
    expect(tableGrants("credit-action")["dynamodb:PutItem"]).toEqual([`${CREDIT_PK_PREFIX}*`]);
  });

  it("gives the read-only functions nothing but Get, BatchGet and Query", () => {
    for (const name of READ_ONLY) {
      const actions = new Set(Object.keys(tableGrants(name)).map((k) => k.split("/")[0]));
      for (const a of actions)
        expect(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"], name).toContain(a);
    }
  });
});

describe("the reconciler", () => {
  const tableStatements = () =>
    statementsOfRole(resources, roleIdOf(functionId("reconcile-cases"))).filter((s) =>
      actionsOf(s).some((a) => a.startsWith("dynamodb:")),
    );
  const leadingKeys = (s: PolicyStatement) => {
    const c = isObject(s.Condition) ? s.Condition["ForAllValues:StringLike"] : undefined;
    return isObject(c) ? c["dynamodb:LeadingKeys"] : undefined;
  };

  it("queries the status index and reads, appends and marks cases key by key, never scanning or deleting", () => {
    const statements = tableStatements();
    const [tableId] = resourcesOfType(resources, "AWS::DynamoDB::GlobalTable")[0] ?? [""];
    const table = `<${tableId}.Arn>`;
    const summary = statements.map((s) => ({
      actions: actionsOf(s).sort(),
      resources: resourcesOf(s),
      leading: leadingKeys(s),
    }));
    expect(summary).toEqual([
      {
        actions: ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"],
        resources: [table],
        leading: ["APPROVAL#*", "CASE#*"],
      },
      { actions: ["dynamodb:PutItem"], resources: [table], leading: ["CASE#*"] },
      { actions: ["dynamodb:UpdateItem"], resources: [table], leading: ["APPROVAL#*"] },
      { actions: ["dynamodb:Query"], resources: [`${table}/index/${GSI_BY_STATUS}`], leading: undefined },
    ]);
    const update = statements[2]?.Condition;
    expect(isObject(update) ? update["ForAllValues:StringEquals"] : undefined).toEqual({
      "dynamodb:Attributes": ["pk", "sk", "mailedAt"],
    });
    const forbidden = ["dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:*"];
    expect(statements.flatMap(actionsOf).filter((a) => forbidden.includes(a))).toEqual([]);
  });

  it("alone describes and stops executions, those of this state machine only", () => {
    const name = String(stateMachine()[1].Properties?.StateMachineName);
    for (const action of ["states:DescribeExecution", "states:StopExecution"]) {
      const holders = grantees(action);
      expect([...holders.keys()], action).toEqual(["reconcile-cases"]);
      for (const s of [...holders.values()].flat())
        expect(resourcesOf(s)).toEqual([
          `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${name}:*`,
        ]);
    }
  });

  it("pages the operators on any repair, through the metric it writes in its log", () => {
    const env = resources[functionId("reconcile-cases")]?.Properties?.Environment as {
      Variables: Record<string, Json>;
    };
    const namespace = env.Variables.POWERTOOLS_METRICS_NAMESPACE;
    expect(namespace).toBe("SmeCreditApproval/TestStack");
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: namespace,
      MetricName: "CasesRepaired",
      Dimensions: [{ Name: "service", Value: "reconcile-cases" }],
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      TreatMissingData: "notBreaching",
      AlarmActions: Match.anyValue(),
    });
  });
});

describe("observability", () => {
  const namespace = "SmeCreditApproval/TestStack";
  const dashboard = () => {
    const boards = resourcesOfType(resources, "AWS::CloudWatch::Dashboard");
    expect(boards).toHaveLength(1);
    return JSON.parse(flatten(boards[0]?.[1].Properties?.DashboardBody)) as {
      widgets: { properties: { title?: string; metrics?: unknown[] } }[];
    };
  };

  /** Every metric a dashboard widget draws: [namespace, name, ...dimension pairs, options]. */
  const drawn = (title?: string) =>
    dashboard()
      .widgets.filter((w) => title === undefined || w.properties.title === title)
      .flatMap((w) => (w.properties.metrics ?? []) as unknown[][])
      .filter((m) => typeof m[0] === "string")
      .map((m) => {
        const parts = m.filter((p) => typeof p === "string") as string[];
        const options = (m.find((p) => typeof p === "object") ?? {}) as { stat?: string };
        const dims: Record<string, string> = {};
        for (let i = 2; i + 1 < parts.length; i += 2) dims[parts[i] as string] = parts[i + 1] as string;
        return { namespace: parts[0], name: parts[1], dims, stat: options.stat };
      });

  it("has one dashboard with every business metric, read from the functions that emit it", () => {
    const all = drawn();
    for (const [metric, services] of Object.entries(METRIC_SOURCES))
      for (const service of services)
        expect(
          all.some((m) => m.namespace === namespace && m.name === metric && m.dims.service === service),
          `${metric} of ${service}`,
        ).toBe(true);
    expect(drawn("Stages decided, by outcome").map((m) => m.dims)).toEqual(
      STAGE_OUTCOMES.map((outcome) => ({ outcome, service: "approval-decision" })),
    );
    const latency = all.filter((m) => m.name === "DecisionLatency").map((m) => m.stat);
    expect(latency).toEqual(["p50", "p90", "Maximum"]);
    expect(all.some((m) => m.name === ERROR_LINES_METRIC && Object.keys(m.dims).length === 0)).toBe(true);
  });

  it("counts the ERROR lines of every function's log group into one metric, and pages on any", () => {
    const filters = resourcesOfType(resources, "AWS::Logs::MetricFilter");
    expect(filters).toHaveLength(FUNCTIONS.length);
    const groups = new Set<string>();
    for (const [, f] of filters) {
      expect(f.Properties).toMatchObject({
        FilterPattern: '{ $.level = "ERROR" }',
        MetricTransformations: [
          { MetricName: ERROR_LINES_METRIC, MetricNamespace: namespace, MetricValue: "1" },
        ],
      });
      groups.add(flatten(f.Properties?.LogGroupName));
    }
    const ownGroups = FUNCTIONS.map((spec) => {
      const props = resources[functionId(spec.name)]?.Properties ?? {};
      return `<${flatten((props.LoggingConfig as { LogGroup: Json }).LogGroup).replace(/[<>]/g, "")}>`;
    });
    expect([...groups].sort()).toEqual(ownGroups.sort());
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: namespace,
      MetricName: ERROR_LINES_METRIC,
      Statistic: "Sum",
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      AlarmActions: Match.anyValue(),
    });
  });

  it("gives every function the stack's metrics namespace and its catalog name as Powertools' service", () => {
    for (const spec of FUNCTIONS)
      expect(envOf(spec.name), spec.name).toMatchObject({
        POWERTOOLS_SERVICE_NAME: spec.name,
        POWERTOOLS_METRICS_NAMESPACE: namespace,
      });
  });
});

describe("the digest bucket", () => {
  it("has Object Lock with a default COMPLIANCE retention of 3653 days, versioning, no public access, and is retained", () => {
    const [, bucket] = digestBucket();
    expect(bucket.DeletionPolicy).toBe("Retain");
    expect(bucket.UpdateReplacePolicy).toBe("Retain");
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: {
        ObjectLockEnabled: "Enabled",
        Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: 3653 } },
      },
      VersioningConfiguration: { Status: "Enabled" },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
    });
  });

  it("refuses plain HTTP and every object delete, whoever asks", () => {
    const [bucketId] = digestBucket();
    const statements = bucketPolicyOf(bucketId);
    const objects = `<${bucketId}.Arn>/*`;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: "Deny",
        Action: "s3:*",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      }),
    );
    const deleteDeny = statements.find(
      (s) => s.Effect === "Deny" && actionsOf(s).includes("s3:DeleteObject") && s.Condition === undefined,
    );
    expect(deleteDeny).toBeDefined();
    if (!deleteDeny) return;
    expect(actionsOf(deleteDeny).sort()).toEqual(["s3:DeleteObject", "s3:DeleteObjectVersion"]);
    expect(deleteDeny.Principal).toEqual({ AWS: "*" });
    expect(resourcesOf(deleteDeny)).toEqual([objects]);
  });

  it("logs access to a retained, private, HTTPS-only log bucket that S3 log delivery may write", () => {
    const [bucketId, bucket] = digestBucket();
    const logging = bucket.Properties?.LoggingConfiguration;
    const logBucketId = flatten(isObject(logging) ? logging.DestinationBucketName : undefined).replace(
      /^<(.+)>$/,
      "$1",
    );
    const logBucket = resources[logBucketId];
    expect(logBucket?.Type).toBe("AWS::S3::Bucket");
    expect(logBucket?.DeletionPolicy).toBe("Retain");
    expect(logBucket?.Properties?.PublicAccessBlockConfiguration).toMatchObject({
      RestrictPublicBuckets: true,
    });
    const statements = bucketPolicyOf(logBucketId);
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    const delivery = statements.find((s) => s.Effect === "Allow");
    expect(delivery?.Principal).toEqual({ Service: "logging.s3.amazonaws.com" });
    // Only this bucket's logs, not any bucket that names this one as its target.
    const condition = delivery?.Condition;
    const arnLike = isObject(condition) ? condition.ArnLike : undefined;
    expect(flatten(isObject(arnLike) ? arnLike["aws:SourceArn"] : undefined)).toBe(`<${bucketId}.Arn>`);
  });

  it("is named in the DigestBucketName output", () => {
    const [bucketId] = digestBucket();
    const outputs = template.toJSON().Outputs as Record<string, { Value: Json }>;
    expect(flatten(outputs.DigestBucketName?.Value)).toBe(`<${bucketId}>`);
  });
});

describe("access to the digests", () => {
  it("is configured by DIGEST_BUCKET in case-audit and make-digest only", () => {
    const [bucketId] = digestBucket();
    const named = FUNCTIONS.filter((spec) => {
      const env = resources[functionId(spec.name)]?.Properties?.Environment as {
        Variables: Record<string, Json>;
      };
      const value = env.Variables.DIGEST_BUCKET;
      if (value !== undefined) expect(flatten(value), spec.name).toBe(`<${bucketId}>`);
      return value !== undefined;
    }).map((spec) => spec.name);
    expect(named.sort()).toEqual(["case-audit", "make-digest"]);
  });

  it("lets case-audit list and read digests/ and make-digest also put there; documents aside, nothing else in S3", () => {
    const [bucketId] = digestBucket();
    const s3Actions = new Map<string, string[]>();
    for (const spec of FUNCTIONS) {
      const statements = statementsOfRole(resources, roleIdOf(functionId(spec.name)));
      const actions = statements.flatMap(actionsOf).filter((a) => a.startsWith("s3:") || a === "*");
      if (actions.length > 0) s3Actions.set(spec.name, [...new Set(actions)].sort());
    }
    expect(Object.fromEntries(s3Actions)).toEqual({
      // The case documents' bucket (test/infra/document-bucket.test.ts): read to open, put to attach.
      "attach-document": ["s3:GetObject", "s3:PutObject"],
      "get-document": ["s3:GetObject"],
      "case-audit": ["s3:GetObject", "s3:ListBucket"],
      "make-digest": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"],
    });

    const objects = `<${bucketId}.Arn>/digests/*`;
    for (const [action, holders] of [
      ["s3:GetObject", ["case-audit", "make-digest"]],
      ["s3:PutObject", ["make-digest"]],
    ] as const) {
      const grants = new Map([...grantees(action)].filter(([name]) => !name.includes("document")));
      expect([...grants.keys()].sort(), action).toEqual(holders);
      for (const s of [...grants.values()].flat()) {
        expect(resourcesOf(s), action).toEqual([objects]);
        expect(s.Condition, action).toBeUndefined();
      }
    }
    const listers = grantees("s3:ListBucket");
    expect([...listers.keys()].sort()).toEqual(["case-audit", "make-digest"]);
    for (const s of [...listers.values()].flat()) {
      expect(resourcesOf(s)).toEqual([`<${bucketId}.Arn>`]);
      // ListObjectsV2 with Prefix "digests/" sends s3:prefix "digests/", which this pattern matches.
      expect(s.Condition).toEqual({ StringLike: { "s3:prefix": "digests/*" } });
    }
  });

  it("is never delete, retention change or governance bypass, for any role in the stack", () => {
    const forbidden = [
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:PutObjectRetention",
      "s3:PutObjectLegalHold",
      "s3:BypassGovernanceRetention",
      "s3:PutBucketObjectLockConfiguration",
    ];
    const statements = allIdentityStatements().filter((s) => s.Effect === "Allow");
    expect(statements.length).toBeGreaterThan(FUNCTIONS.length);
    const allowed = statements.flatMap(actionsOf).filter((a) => forbidden.some((f) => covers(a, f)));
    expect(allowed).toEqual([]);
  });
});

/** The schedules' dead-letter queue (the domain event bus has queues of its own). */
const scheduleQueues = () =>
  resourcesOfType(resources, "AWS::SQS::Queue").filter(([id]) => id.startsWith("SchedulesDeadLetters"));

describe("the schedules", () => {
  it("runs each scheduled catalog function from an EventBridge rule, make-digest at 00:05 UTC, the reconciler every 5 minutes", () => {
    const rules = resourcesOfType(resources, "AWS::Events::Rule").filter(
      ([, r]) => r.Properties?.ScheduleExpression,
    );
    expect(rules).toHaveLength(scheduledSpecs.length);
    const queues = scheduleQueues();
    expect(queues).toHaveLength(1);
    const [queueId] = queues[0] ?? [""];
    const expressionOf = (name: string) => {
      const fnArn = `<${functionId(name)}.Arn>`;
      const rule = rules.find(([, r]) =>
        ((r.Properties?.Targets ?? []) as Json[]).some((t) => isObject(t) && flatten(t.Arn) === fnArn),
      );
      expect(rule, name).toBeDefined();
      const [ruleId, props] = [rule?.[0] ?? "", rule?.[1].Properties ?? {}];
      expect(props.State, name).toBe("ENABLED");
      expect(props.Targets, name).toEqual([
        expect.objectContaining({
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 7200 },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [queueId, "Arn"] } },
        }),
      ]);
      // EventBridge may invoke the function, from this rule only.
      const permissions = resourcesOfType(resources, "AWS::Lambda::Permission").filter(
        ([, p]) =>
          p.Properties?.Principal === "events.amazonaws.com" && flatten(p.Properties?.FunctionName) === fnArn,
      );
      expect(
        permissions.map(([, p]) => flatten(p.Properties?.SourceArn)),
        name,
      ).toEqual([`<${ruleId}.Arn>`]);
      return props.ScheduleExpression;
    };
    for (const spec of scheduledSpecs)
      expect(expressionOf(spec.name), spec.name).toBe(
        "daily" in spec
          ? `cron(${spec.daily.minuteUtc} ${spec.daily.hourUtc} * * ? *)`
          : `rate(${spec.everyMinutes} minutes)`,
      );
    expect(expressionOf("make-digest")).toBe("cron(5 0 * * ? *)");
    expect(expressionOf("reconcile-cases")).toBe("rate(5 minutes)");
  });

  it("gives scheduled functions five minutes and sends their failed runs to the dead-letter queue", () => {
    const [queueId] = scheduleQueues()[0] ?? [""];
    const configs = resourcesOfType(resources, "AWS::Lambda::EventInvokeConfig");
    expect(configs).toHaveLength(scheduledSpecs.length);
    for (const spec of scheduledSpecs) {
      const id = functionId(spec.name);
      expect(resources[id]?.Properties?.Timeout, spec.name).toBe(300);
      const config = configs.find(([, c]) => flatten(c.Properties?.FunctionName) === `<${id}>`)?.[1];
      expect(config?.Properties, spec.name).toMatchObject({
        MaximumRetryAttempts: 2,
        DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
      });
    }
  });

  it("has an encrypted, HTTPS-only dead-letter queue that pages the operators", () => {
    const [queueId, queue] = scheduleQueues()[0] ?? ["", { Type: "" }];
    expect(queue.Properties?.SqsManagedSseEnabled).toBe(true);
    const policies = resourcesOfType(resources, "AWS::SQS::QueuePolicy").filter(([, p]) =>
      ((p.Properties?.Queues ?? []) as Json[]).some((q) => flatten(q) === `<${queueId}>`),
    );
    const statements = policies.flatMap(([, p]) => {
      const doc = p.Properties?.PolicyDocument;
      return isObject(doc) ? (doc.Statement as unknown as PolicyStatement[]) : [];
    });
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "ApproximateNumberOfMessagesVisible",
      Namespace: "AWS/SQS",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
      Threshold: 1,
      AlarmActions: Match.anyValue(),
    });
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
    expect(routes).toHaveLength(httpSpecs.length + routePaths().length);
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

  it("answers every other method on a known path from the 405 function, behind the path's own authorizer", () => {
    const routes = resourcesOfType(resources, "AWS::ApiGatewayV2::Route");
    const fallback = FUNCTIONS.find((f) => f.kind === "method-fallback");
    expect(fallback).toBeDefined();
    const jwtAuthorizer = resourcesOfType(resources, "AWS::ApiGatewayV2::Authorizer")[0]?.[0];
    for (const { path, auth } of routePaths()) {
      const key = `ANY ${path}`;
      const route = routes.find(([, r]) => r.Properties?.RouteKey === key)?.[1];
      expect(route, key).toBeDefined();
      const props = route?.Properties ?? {};
      const integrationId = flatten(props.Target).replace(/^integrations\/<(.+)>$/, "$1");
      expect(flatten(resources[integrationId]?.Properties?.IntegrationUri), key).toBe(
        `<${functionId(fallback?.name ?? "")}.Arn>`,
      );
      if (auth === "jwt") expect(props.AuthorizerId, key).toEqual({ Ref: jwtAuthorizer });
      else expect(props.AuthorizerId, key).toBeUndefined();
    }
  });

  it("throttles the public /approvals routes on their own budget, separate from the staff routes", () => {
    const [stageId, stage] = resourcesOfType(resources, "AWS::ApiGatewayV2::Stage")[0] ?? ["", { Type: "" }];
    const defaults = stage.Properties?.DefaultRouteSettings as { ThrottlingRateLimit: number };
    const settings = (stage.Properties?.RouteSettings ?? {}) as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    const publicKeys = routePaths()
      .filter((p) => p.path.startsWith("/approvals/"))
      .flatMap((p) => [...p.methods.map((m) => `${m} ${p.path}`), `ANY ${p.path}`]);
    expect(Object.keys(settings).sort()).toEqual(publicKeys.sort());
    for (const key of publicKeys) {
      expect(settings[key]?.ThrottlingRateLimit, key).toBeGreaterThan(0);
      expect(settings[key]?.ThrottlingRateLimit, key).toBeLessThan(defaults.ThrottlingRateLimit);
      expect(settings[key]?.ThrottlingBurstLimit, key).toBeGreaterThanOrEqual(
        settings[key]?.ThrottlingRateLimit ?? 0,
      );
    }
    // Route settings name routes by key: the stage must be created after them, or the deploy fails.
    const dependsOn = (template.toJSON().Resources[stageId] as { DependsOn?: string[] }).DependsOn ?? [];
    const routeIds = resourcesOfType(resources, "AWS::ApiGatewayV2::Route")
      .filter(([, r]) => publicKeys.includes(String(r.Properties?.RouteKey)))
      .map(([id]) => id);
    for (const id of routeIds) expect(dependsOn).toContain(id);
  });

  it("has no WAF and no CloudFront distribution unless asked for", () => {
    expect(resourcesOfType(resources, "AWS::WAFv2::WebACL")).toEqual([]);
    expect(resourcesOfType(resources, "AWS::CloudFront::Distribution")).toEqual([]);
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

describe("domain events: the table's stream, the bus, the rule, the dead-letter queues and their alarms", () => {
  const byId = (
    prefix: string,
    type = prefix.endsWith("Bus") ? "AWS::Events::EventBus" : "AWS::SQS::Queue",
  ) => {
    const found = resourcesOfType(resources, type).filter(([id]) => id.startsWith(prefix));
    expect(found, prefix).toHaveLength(1);
    return found[0] as [string, CfnResource];
  };

  it("streams the case table's new images", () => {
    const [, table] = resourcesOfType(resources, "AWS::DynamoDB::GlobalTable")[0] ?? ["", { Type: "" }];
    expect(table.Properties?.StreamSpecification).toEqual({ StreamViewType: "NEW_IMAGE" });
  });

  it("feeds publish-events from the stream: inserted audit events only, in order, retried, then to a dead-letter queue", () => {
    const [queueId] = byId("DomainEventsDeadLetters");
    const mappings = resourcesOfType(resources, "AWS::Lambda::EventSourceMapping");
    expect(mappings).toHaveLength(1);
    const props = mappings[0]?.[1].Properties ?? {};
    expect(flatten(props.FunctionName)).toBe(`<${functionId("publish-events")}>`);
    expect(flatten(props.EventSourceArn)).toMatch(/StreamArn>$/);
    expect(props).toMatchObject({
      StartingPosition: "TRIM_HORIZON",
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 20,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
    });
    const filters = ((props.FilterCriteria as { Filters: { Pattern: string }[] }).Filters ?? []).map((f) =>
      JSON.parse(f.Pattern),
    );
    expect(filters).toEqual([
      { eventName: ["INSERT"], dynamodb: { Keys: { sk: { S: [{ prefix: "EVT#" }] } } } },
    ]);
    // It reads the trail (Query of case partitions) and puts events on the bus: it never writes the table.
    expect(needsOfFunction("publish-events")).toMatchObject({
      table: { reads: ["case"] },
      publishesEvents: true,
    });
  });

  it("lets publish-events alone put events on the custom bus, which it knows by name", () => {
    const [busId] = byId("DomainEventsBus");
    const roles = resourcesOfType(resources, "AWS::IAM::Role").map(([id]) => id);
    const putters = roles.filter((roleId) =>
      statementsOfRole(resources, roleId).some((s) => actionsOf(s).includes("events:PutEvents")),
    );
    expect(putters).toEqual([roleIdOf(functionId("publish-events"))]);
    const statement = statementsOfRole(resources, putters[0] ?? "").find((s) =>
      actionsOf(s).includes("events:PutEvents"),
    );
    expect(resourcesOf(statement as PolicyStatement)).toEqual([`<${busId}.Arn>`]);
    const env = resources[functionId("publish-events")]?.Properties?.Environment as {
      Variables: Record<string, Json>;
    };
    expect(flatten(env.Variables.EVENT_BUS_NAME)).toBe(`<${busId}>`);
  });

  it("routes every domain event type from the bus to the integration queue, with its own dead-letter queue, and archives them", () => {
    const [busId] = byId("DomainEventsBus");
    const [queueId] = byId("DomainEventsIntegrationQueue");
    const [dlqId] = byId("DomainEventsIntegrationDeadLetters");
    const rules = resourcesOfType(resources, "AWS::Events::Rule").filter(
      ([, r]) =>
        r.Properties?.EventBusName !== undefined && flatten(r.Properties.EventBusName) === `<${busId}>`,
    );
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.[1].Properties ?? {};
    expect(rule.EventPattern).toEqual({
      source: ["sme-credit-approval"],
      "detail-type": [
        "CaseSubmitted",
        "CaseAssessed",
        "StageDecided",
        "CaseApproved",
        "CaseDeclined",
        "CaseReturned",
        "CaseStalled",
        "CaseWithdrawn",
      ],
    });
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { "Fn::GetAtt": [queueId, "Arn"] },
        DeadLetterConfig: { Arn: { "Fn::GetAtt": [dlqId, "Arn"] } },
      }),
    ]);
    const archives = resourcesOfType(resources, "AWS::Events::Archive");
    expect(archives.map(([, a]) => flatten(a.Properties?.SourceArn))).toEqual([`<${busId}.Arn>`]);
  });

  it("keeps every queue encrypted and pages the operators on a message in either dead-letter queue", () => {
    for (const prefix of [
      "DomainEventsDeadLetters",
      "DomainEventsIntegrationDeadLetters",
      "DomainEventsIntegrationQueue",
    ]) {
      const [, queue] = byId(prefix);
      expect(queue.Properties?.SqsManagedSseEnabled, prefix).toBe(true);
    }
    const alarms = resourcesOfType(resources, "AWS::CloudWatch::Alarm").map(([, a]) => a.Properties ?? {});
    for (const prefix of ["DomainEventsDeadLetters", "DomainEventsIntegrationDeadLetters"]) {
      const [queueId] = byId(prefix);
      const onQueue = alarms.filter(
        (a) =>
          a.MetricName === "ApproximateNumberOfMessagesVisible" &&
          (a.Dimensions as { Value: Json }[]).some((d) => flatten(d.Value) === `<${queueId}.QueueName>`),
      );
      expect(onQueue, prefix).toHaveLength(1);
      expect(onQueue[0]).toMatchObject({ Threshold: 1, ComparisonOperator: "GreaterThanOrEqualToThreshold" });
    }
  });
});
