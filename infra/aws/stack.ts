import { Aws, CfnCondition, CfnOutput, CfnParameter, Fn, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { METRICS } from "../../functions/app/ports";
import { METRICS_NAMESPACE_ENV } from "../../functions/wiring/observe";
import { STATE_MACHINE_NAME } from "../catalog";
import { OperationsAlarms } from "./constructs/alarms";
import { AppTable } from "./constructs/app-table";
import { ApprovalWorkflow } from "./constructs/approval-workflow";
import { CatalogFunctions } from "./constructs/catalog-functions";
import { DailySchedules } from "./constructs/daily-schedules";
import { DigestBucket, digestLockFromContext } from "./constructs/digest-bucket";
import { DocumentBucket, documentRetentionFromContext } from "./constructs/document-bucket";
import { DomainEventBus } from "./constructs/domain-event-bus";
import { EdgeWaf, wafRateLimitFromContext } from "./constructs/edge-waf";
import { PublicApi } from "./constructs/http-api";
import { LinkSigningKey } from "./constructs/link-signing-key";
import { Observability } from "./constructs/observability";
import { StaffUserPool } from "./constructs/staff-user-pool";
import { fromRoot } from "./paths";

export interface CreditApprovalStackProps extends StackProps {
  /** The directory JSON bundled with the functions; defaults to the sample directory of the local runtime. */
  directoryFile?: string;
}

/** Everything the embedded runtime runs, on AWS: the same handlers, the same ASL, the same table design. */
export class CreditApprovalStack extends Stack {
  constructor(scope: Construct, id: string, props: CreditApprovalStackProps = {}) {
    super(scope, id, props);

    const sesIdentity = new CfnParameter(this, "SesIdentity", {
      type: "String",
      description: "Verified SES identity to send from: an e-mail address, or a domain (then set MailFrom).",
      allowedPattern: "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$|^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$",
      constraintDescription: "an e-mail address or a domain name",
    });
    const mailFrom = new CfnParameter(this, "MailFrom", {
      type: "String",
      default: "",
      description: "From address when SesIdentity is a domain; empty means SesIdentity itself.",
    });
    const fromIsIdentity = new CfnCondition(this, "MailFromIsIdentity", {
      expression: Fn.conditionEquals(mailFrom.valueAsString, ""),
    });
    const fromAddress = Fn.conditionIf(
      fromIsIdentity.logicalId,
      sesIdentity.valueAsString,
      mailFrom.valueAsString,
    ).toString();

    const { table } = new AppTable(this, "Cases");
    const linkKey = new LinkSigningKey(this, "LinkSigningKey");
    const staff = new StaffUserPool(this, "Staff");
    const api = new PublicApi(this, "Http", { staff });
    // Optional (-c wafRateLimit=N): a WAF rate rule on a CloudFront distribution in front of the API.
    const wafRateLimit = wafRateLimitFromContext(this);
    const edge =
      wafRateLimit === undefined
        ? undefined
        : new EdgeWaf(this, "Edge", { apiId: api.api.apiId, rateLimit: wafRateLimit });
    // Before any function: a bad -c digestLockMode/digestRetentionDays fails the synth before bundling.
    const digests = new DigestBucket(this, "Digests", { lock: digestLockFromContext(this) });
    const documents = new DocumentBucket(this, "Documents", {
      accessLogs: digests.accessLogs,
      retentionDays: documentRetentionFromContext(this),
    });

    const domainEvents = new DomainEventBus(this, "DomainEvents", { table });

    // Stack-scoped so two stages (or two banks) can share an account and region.
    const stateMachineName = `${this.stackName}-${STATE_MACHINE_NAME}`;
    // The functions' business metrics (Powertools, embedded metric format in their logs).
    const metricsNamespace = `SmeCreditApproval/${this.stackName}`;
    const functions = new CatalogFunctions(this, "Functions", {
      table,
      linkSigningKey: linkKey.secret,
      stateMachineArn: ApprovalWorkflow.arnFor(this, stateMachineName),
      publicBaseUrl: edge?.url ?? api.url,
      mail: {
        identityArn: `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:identity/${sesIdentity.valueAsString}`,
        fromAddress,
      },
      directoryFile: props.directoryFile ?? fromRoot("infra/local/directory.json"),
      digests,
      documents,
      observability: { [METRICS_NAMESPACE_ENV]: metricsNamespace },
      eventBus: domainEvents.bus,
    });

    const steps = functions.all.flatMap(({ spec, fn }) => (spec.kind === "step" ? [{ spec, fn }] : []));
    const workflow = new ApprovalWorkflow(this, "Workflow", { stateMachineName, steps });
    for (const { spec, fn } of functions.all) {
      if (spec.kind === "http") api.addCatalogRoute(spec, fn);
      if (spec.kind === "method-fallback") api.addMethodFallback(fn);
    }
    const jobs = functions.all.flatMap(({ spec, fn }) => (spec.kind === "schedule" ? [{ spec, fn }] : []));
    const schedules = new DailySchedules(this, "Schedules", { jobs });
    for (const { spec, fn } of functions.all) if (spec.kind === "stream") domainEvents.subscribe(fn);

    const observability = new Observability(this, "Observability", {
      namespace: metricsNamespace,
      functions: functions.all,
      stateMachine: workflow.stateMachine,
    });

    const alarms = new OperationsAlarms(this, "Alarms", {
      stateMachine: workflow.stateMachine,
      functions: functions.all.map(({ spec, fn }) => ({ name: spec.name, fn })),
      table,
      deadLetterQueues: [
        { name: "ScheduledRuns", queue: schedules.deadLetters },
        { name: "DomainEventStream", queue: domainEvents.deadLetters },
        { name: "DomainEventDelivery", queue: domainEvents.integrationDeadLetters },
      ],
      countAlarms: [
        {
          // Any repair means a crash or an outage had left a case stuck, which operators must hear about.
          name: "CasesRepaired",
          metric: observability.metric(METRICS.casesRepaired),
          description:
            "The reconciler repaired a case in flight that nothing was moving; its log line names the case and the repair.",
        },
        {
          name: "ErrorLogLines",
          metric: observability.errorLines,
          description:
            "A function logged at ERROR level (a request answered 5xx, a repair, a failed case): the log line names the case.",
        },
      ],
    });

    new CfnOutput(this, "ApiUrl", {
      value: edge?.url ?? api.url,
      description: "Base URL of the API and of e-mailed links",
    });
    new CfnOutput(this, "UserPoolId", { value: staff.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: staff.client.userPoolClientId });
    new CfnOutput(this, "StateMachineArn", { value: workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, "TableName", { value: table.tableName });
    new CfnOutput(this, "EventBusName", {
      value: domainEvents.bus.eventBusName,
      description: "Domain events (source sme-credit-approval); add a rule here to subscribe",
    });
    new CfnOutput(this, "IntegrationQueueUrl", { value: domainEvents.integrationQueue.queueUrl });
    new CfnOutput(this, "AlarmTopicArn", {
      value: alarms.topic.topicArn,
      description: "Subscribe operators here",
    });
    new CfnOutput(this, "DigestBucketName", {
      value: digests.bucket.bucketName,
      description:
        "Object Lock bucket of the daily audit digests (digests/ prefix); retained on stack deletion",
    });
  }
}
