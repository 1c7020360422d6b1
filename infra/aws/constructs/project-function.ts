import { Duration, RemovalPolicy } from "aws-cdk-lib";
import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, LoggingFormat, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat, SourceMapMode } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import type { Construct } from "constructs";
import {
  APPROVAL_PK_PREFIX,
  BOOK_PK_PREFIX,
  CASE_PK_PREFIX,
  CREDIT_PK_PREFIX,
  DRAFT_PK_PREFIX,
  GSI_BY_STATUS,
  IDEMPOTENCY_PK_PREFIX,
  LOCK_PK_PREFIX,
  TABLE_NAME_ENV,
} from "../../../functions/adapters/aws/table";
import { LAMBDA_BUNDLE } from "../bundling";
import { fromRoot } from "../paths";
import type { ItemFamily, TableAccess } from "../ports";

/** A file copied next to the bundle (Lambda's /var/task), for handlers that read data files at load. */
export interface BundledFile {
  /** Absolute path on the build machine. */
  source: string;
  /** File name inside the bundle. */
  target: string;
}

export interface ProjectFunctionProps {
  /** The catalog name: the Powertools service name and the log group suffix. */
  name: string;
  /** Handler entry, relative to the repository root. */
  entry: string;
  description?: string;
  timeout?: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
  files?: BundledFile[];
}

/**
 * NodejsFunction with the project's defaults, so 13 functions cannot drift apart: Node 22 on arm64,
 * a minified ESM bundle with source maps, a retained log group, X-Ray, and a role that starts with
 * nothing but its own log group (no AWSLambdaBasicExecutionRole, which allows every log group).
 */
export class ProjectFunction extends NodejsFunction {
  /** The function's own log group (metric filters read it). */
  readonly logs: LogGroup;

  constructor(scope: Construct, id: string, props: ProjectFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      // Operations only: the audit trail of record lives in DynamoDB, not in logs.
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${props.name}`,
    });
    super(scope, id, {
      entry: fromRoot(props.entry),
      handler: "handler",
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      role,
      projectRoot: fromRoot(),
      depsLockFilePath: fromRoot("package-lock.json"),
      environment: {
        // Powertools' service: the `service` of every log line and metric dimension (functions/wiring/observe.ts).
        POWERTOOLS_SERVICE_NAME: props.name,
        // Stack traces point at the TypeScript sources instead of the minified bundle.
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      bundling: {
        // The esbuild in node_modules: synth works offline and without Docker.
        forceDockerBundling: false,
        // The options of infra/aws/bundling.ts, which the bundle report and budget test use too.
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: LAMBDA_BUNDLE.sourcemap,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: LAMBDA_BUNDLE.sourcesContent,
        target: LAMBDA_BUNDLE.target,
        format: LAMBDA_BUNDLE.format === "esm" ? OutputFormat.ESM : OutputFormat.CJS,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        banner: LAMBDA_BUNDLE.banner,
        // Ship the SDK versions the lockfile pins and the tests ran, not whatever the runtime carries.
        bundleAwsSDK: true,
        tsconfig: LAMBDA_BUNDLE.tsconfig,
        // NodejsFunction has no alias option: the CLI flag, once per package (run from the project root).
        esbuildArgs: Object.fromEntries(
          Object.entries(LAMBDA_BUNDLE.alias).map(([pkg, path]) => ["--alias", `${pkg}=${path}`]),
        ),
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_input: string, output: string) =>
            (props.files ?? []).map((f) => `cp "${f.source}" "${output}/${f.target}"`),
        },
      },
    });
    this.logs = logGroup;
    logGroup.grantWrite(role);
    NagSuppressions.addResourceSuppressions(this, [
      {
        id: "AwsSolutions-L1",
        reason:
          "Pinned to nodejs22.x on purpose: the embedded runtime and the test suite run these handlers on Node " +
          "20-22 (package.json engines), so AWS runs a version the tests cover; moving to 24 is a reviewed change.",
      },
    ]);
  }

  /**
   * The table's name in TABLE_NAME and the matching grants, together, so neither is forgotten. Each
   * grant is limited to the partitions of the families named (dynamodb:LeadingKeys); the Null check
   * makes a request without partition keys (a Scan) fall outside every statement.
   */
  useTable(table: ITableV2, access: TableAccess): this {
    this.addEnvironment(TABLE_NAME_ENV, table.tableName);
    const onFamilies = (
      actions: string[],
      families: readonly ItemFamily[] | undefined,
      attributes?: readonly string[],
    ) => {
      if (!families?.length) return;
      this.addToRolePolicy(
        new PolicyStatement({
          actions,
          resources: [table.tableArn],
          conditions: {
            "ForAllValues:StringLike": {
              "dynamodb:LeadingKeys": [...families].sort().map((f) => `${PARTITION_PREFIX[f]}*`),
            },
            Null: { "dynamodb:LeadingKeys": "false" },
            // The key it addresses and the attributes it sets, nothing else.
            ...(attributes
              ? { "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", ...attributes] } }
              : {}),
          },
        }),
      );
    };
    onFamilies(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"], access.reads);
    onFamilies(["dynamodb:PutItem"], access.puts);
    // One statement for the families updated on any attribute, one per family limited to a few.
    const updates = Object.entries(access.updates ?? {}) as [ItemFamily, "any" | readonly string[]][];
    onFamilies(
      ["dynamodb:UpdateItem"],
      updates.filter(([, attrs]) => attrs === "any").map(([family]) => family),
    );
    for (const [family, attrs] of updates)
      if (attrs !== "any") onFamilies(["dynamodb:UpdateItem"], [family], attrs);
    if (access.listsByStatus) {
      this.addToRolePolicy(
        new PolicyStatement({
          actions: ["dynamodb:Query"],
          resources: [`${table.tableArn}/index/${GSI_BY_STATUS}`],
        }),
      );
    }
    return this;
  }
}

const PARTITION_PREFIX: Record<ItemFamily, string> = {
  case: CASE_PK_PREFIX,
  approval: APPROVAL_PK_PREFIX,
  lock: LOCK_PK_PREFIX,
  credit: CREDIT_PK_PREFIX,
  idempotency: IDEMPOTENCY_PK_PREFIX,
  draft: DRAFT_PK_PREFIX,
  book: BOOK_PK_PREFIX,
};
