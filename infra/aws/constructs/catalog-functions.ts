import { Duration } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import type { IEventBus } from "aws-cdk-lib/aws-events";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { ENV } from "../../../functions/wiring/config";
import { FUNCTIONS, type FunctionSpec, ROUTE_METHODS_ENV, routeMethodsJson } from "../../catalog";
import { needsOf } from "../ports";
import type { DigestBucket } from "./digest-bucket";
import type { DocumentBucket } from "./document-bucket";
import { ProjectFunction } from "./project-function";
import { grantRunRepairs } from "./run-repair-grants";

export interface MailSettings {
  /** ARN of the verified SES identity (address or domain) the functions send from. */
  identityArn: string;
  /** The From address; must belong to the identity. */
  fromAddress: string;
}

export interface CatalogFunctionsProps {
  table: ITableV2;
  linkSigningKey: ISecret;
  stateMachineArn: string;
  publicBaseUrl: string;
  mail: MailSettings;
  /** The directory JSON (users, roles, e-mails per branch) bundled with the functions of the directory port. */
  directoryFile: string;
  /** The Object Lock bucket of the daily audit digests. */
  digests: DigestBucket;
  /** The private, KMS-encrypted bucket of the case documents. */
  documents: DocumentBucket;
  /** Every function's Powertools settings (the metrics namespace of the stack). */
  observability: Record<string, string>;
  /** The bus domain events are published on. */
  eventBus: IEventBus;
}

export interface BuiltFunction {
  spec: FunctionSpec;
  fn: ProjectFunction;
}

const DIRECTORY_IN_BUNDLE = "directory.json";
// Lambda unpacks the bundle here; the handlers read the directory at cold start.
const LAMBDA_TASK_ROOT = "/var/task";

/** One Lambda per catalog entry, with the environment and grants of the ports it names (infra/aws/ports.ts). */
export class CatalogFunctions extends Construct {
  readonly all: BuiltFunction[];

  constructor(scope: Construct, id: string, props: CatalogFunctionsProps) {
    super(scope, id);
    this.all = FUNCTIONS.map((spec) => ({ spec, fn: this.build(spec, props) }));
  }

  byName(name: string): ProjectFunction {
    const found = this.all.find((f) => f.spec.name === name);
    if (!found) throw new Error(`no function ${name}`);
    return found.fn;
  }

  private build(spec: FunctionSpec, props: CatalogFunctionsProps): ProjectFunction {
    const needs = needsOf(spec.ports);
    const values: Record<string, string> = {
      [ENV.stateMachineArn]: props.stateMachineArn,
      [ENV.publicBaseUrl]: props.publicBaseUrl,
      [ENV.directoryFile]: `${LAMBDA_TASK_ROOT}/${DIRECTORY_IN_BUNDLE}`,
      [ENV.mailer]: "ses",
      [ENV.mailFrom]: props.mail.fromAddress,
      [ENV.eventBusName]: props.eventBus.eventBusName,
    };
    // Only the variables of the ports the function builds: the grants below set their own
    // (TABLE_NAME, LINK_SIGNING_SECRET_ARN, DIGEST_BUCKET) with the access they name.
    const environment = Object.fromEntries(
      (needs.env ?? []).flatMap((name) => (values[name] === undefined ? [] : [[name, values[name]]])),
    );
    const fn = new ProjectFunction(this, pascal(spec.name), {
      name: spec.name,
      entry: spec.entry,
      description: describe(spec),
      timeout: timeoutOf(spec),
      files: needs.directoryFile ? [{ source: props.directoryFile, target: DIRECTORY_IN_BUNDLE }] : [],
      environment: { ...environment, ...props.observability },
    });
    if (needs.table) fn.useTable(props.table, needs.table);
    if (spec.kind === "method-fallback") fn.addEnvironment(ROUTE_METHODS_ENV, routeMethodsJson());

    if (needs.signsLinks) {
      fn.addEnvironment(ENV.linkSigningSecretArn, props.linkSigningKey.secretArn);
      props.linkSigningKey.grantRead(fn);
    }
    if (needs.digests) props.digests.grant(fn, needs.digests);
    if (needs.documents) props.documents.grant(fn, needs.documents);
    if (needs.mails) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ["ses:SendEmail"],
          resources: [props.mail.identityArn],
          // Only from the configured address, even if the identity is a whole domain.
          conditions: { StringEquals: { "ses:FromAddress": props.mail.fromAddress } },
        }),
      );
    }
    if (needs.startsExecutions) {
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ["states:StartExecution"], resources: [props.stateMachineArn] }),
      );
    }
    if (needs.repairsRuns) grantRunRepairs(fn, props.stateMachineArn);
    if (needs.publishesEvents) props.eventBus.grantPutEventsTo(fn);
    if (needs.answersTasks) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
          resources: [props.stateMachineArn],
        }),
      );
    }
    suppressFunctionFindings(fn);
    return fn;
  }
}

/** The wildcard finding a project function legitimately has, named exactly. */
function suppressFunctionFindings(fn: ProjectFunction): void {
  NagSuppressions.addResourceSuppressions(
    fn.role ?? fn,
    [
      {
        id: "AwsSolutions-IAM5",
        reason: "X-Ray PutTraceSegments and PutTelemetryRecords (active tracing) support only Resource *.",
        appliesTo: ["Resource::*"],
      },
    ],
    true,
  );
}

function timeoutOf(spec: FunctionSpec): Duration {
  switch (spec.kind) {
    // API Gateway gives up after 30 s; a route that slow should fail before the gateway does.
    case "http":
    case "method-fallback":
      return Duration.seconds(10);
    case "step":
      return Duration.seconds(30);
    // A daily job reads every case changed that day (and catches up missed days); nobody waits on it.
    case "schedule":
      return Duration.minutes(5);
    // A batch reads each of its cases' trails and publishes; a slow batch only delays the next.
    case "stream":
      return Duration.minutes(1);
  }
}

function describe(spec: FunctionSpec): string {
  switch (spec.kind) {
    case "http":
      return `${spec.route.method} ${spec.route.path}`;
    case "step":
      return `Step \${${spec.substitution}}`;
    case "schedule":
      return "daily" in spec
        ? `Daily at ${String(spec.daily.hourUtc).padStart(2, "0")}:${String(spec.daily.minuteUtc).padStart(2, "0")} UTC`
        : `Every ${spec.everyMinutes} minutes`;
    case "method-fallback":
      return "405 with Allow on every path (ANY routes)";
    case "stream":
      return "The case table's stream: audit events to the domain event bus";
  }
}

function pascal(name: string): string {
  return name
    .split("-")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}
