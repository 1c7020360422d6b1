import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { NagSuppressions } from "cdk-nag";

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
