import type { ITableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { NagSuppressions } from "cdk-nag";
import { GSI_BY_STATUS, TABLE_NAME_ENV } from "../../../functions/shared/table";
import type { ProjectFunction } from "./project-function";

/**
 * The reconciler touches the table exactly as functions/shared/workflow/reconcile.ts does, and IAM
 * checks it key by key (dynamodb:LeadingKeys is the partition key of each item or index queried):
 * it queries the status index, reads a case's trail and STATE and its approvals, appends events
 * (events and STATE are CASE# items, written together), and marks an approval as mailed. It never
 * scans and never deletes.
 */
export function grantReconcilerTable(fn: ProjectFunction, table: ITableV2): void {
  fn.addEnvironment(TABLE_NAME_ENV, table.tableName);
  const leading = (...prefixes: string[]) => ({
    "ForAllValues:StringLike": { "dynamodb:LeadingKeys": prefixes.map((p) => `${p}#*`) },
  });
  const statements = [
    new PolicyStatement({
      actions: ["dynamodb:Query"],
      resources: [`${table.tableArn}/index/${GSI_BY_STATUS}`],
      conditions: leading("STATUS"),
    }),
    new PolicyStatement({
      actions: ["dynamodb:Query", "dynamodb:GetItem", "dynamodb:BatchGetItem"],
      resources: [table.tableArn],
      conditions: leading("CASE", "APPROVAL"),
    }),
    new PolicyStatement({
      actions: ["dynamodb:PutItem"],
      resources: [table.tableArn],
      conditions: leading("CASE"),
    }),
    new PolicyStatement({
      actions: ["dynamodb:UpdateItem"],
      resources: [table.tableArn],
      conditions: {
        ...leading("APPROVAL"),
        // The mail mark and nothing else: the key it addresses and the attribute it sets.
        "ForAllValues:StringEquals": { "dynamodb:Attributes": ["pk", "sk", "mailedAt"] },
      },
    }),
  ];
  for (const s of statements) fn.addToRolePolicy(s);
}

/** DescribeExecution and StopExecution on this state machine's executions only. */
export function grantRunRepairs(fn: IFunction, stateMachineArn: string): void {
  const executions = `${stateMachineArn.replace(":stateMachine:", ":execution:")}:*`;
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ["states:DescribeExecution", "states:StopExecution"],
      resources: [executions],
    }),
  );
  NagSuppressions.addResourceSuppressions(
    fn.role ?? fn,
    [
      {
        id: "AwsSolutions-IAM5",
        reason:
          "Execution ARNs end in the run's name, which the reconciler derives per case at run time; the wildcard " +
          "is the execution-name part under this one state machine only.",
        appliesTo: [
          {
            regex:
              "/^Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:[^:*]+:\\*$/g",
          },
        ],
      },
    ],
    true,
  );
}
