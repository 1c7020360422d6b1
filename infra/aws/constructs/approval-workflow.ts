import { readFileSync } from "node:fs";
import { ArnFormat, RemovalPolicy, Stack } from "aws-cdk-lib";
import { CfnFunction, type IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { STATE_MACHINE_FILE, type StepFunction, substitute } from "../../catalog";
import { fromRoot } from "../paths";

export interface ApprovalWorkflowProps {
  /** Physical name; fixed so functions can know the ARN before the state machine exists (see arnFor). */
  stateMachineName: string;
  /** The catalog's step functions, each with the function that backs its ${…} placeholder. */
  steps: { spec: StepFunction; fn: IFunction }[];
}

/** The placeholders the ASL file actually uses: only these functions get invoke permission. */
export function placeholdersIn(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] ?? ""))];
}

/**
 * The approval state machine: statemachines/approval.asl.json as is, with CloudFormation's
 * DefinitionSubstitutions filling the function ARNs at deploy time, so the template carries the very
 * file the embedded runtime runs.
 */
export class ApprovalWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  /**
   * The ARN from the fixed name, without a reference to the resource: every function gets it in its
   * environment, and referencing the state machine (which references the step functions) would be a cycle.
   */
  static arnFor(scope: Construct, stateMachineName: string): string {
    return Stack.of(scope).formatArn({
      service: "states",
      resource: "stateMachine",
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  constructor(scope: Construct, id: string, props: ApprovalWorkflowProps) {
    super(scope, id);
    const definition = readFileSync(fromRoot(STATE_MACHINE_FILE), "utf8");
    const byPlaceholder = new Map(props.steps.map((s) => [s.spec.substitution, s.fn]));
    const substitutions: Record<string, string> = {};
    const invoked: IFunction[] = [];
    for (const name of placeholdersIn(definition)) {
      const fn = byPlaceholder.get(name);
      if (!fn)
        throw new Error(`${STATE_MACHINE_FILE} uses \${${name}} but no catalog step function provides it`);
      substitutions[name] = fn.functionArn;
      invoked.push(fn);
    }
    // The same check the local runtime makes: unknown or unused placeholders fail the synth, not the deploy.
    substitute(definition, Object.fromEntries(Object.keys(substitutions).map((k) => [k, `arn:check:${k}`])));

    const logs = new LogGroup(this, "Logs", {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, "StateMachine", {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions,
      tracingEnabled: true,
      // ALL so every state transition is visible, without execution data: case inputs hold client financials.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
    });
    for (const fn of invoked) fn.grantInvoke(this.stateMachine.role);

    NagSuppressions.addResourceSuppressions(
      this.stateMachine.role,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Invoke on the step functions' versions and aliases (<function ARN>:*), as CDK's grantInvoke writes it; " +
            "the functions themselves are listed one by one.",
          appliesTo: invoked.map((fn) => `Resource::<${logicalIdOf(fn)}.Arn>:*`),
        },
        {
          id: "AwsSolutions-IAM5",
          reason:
            "CloudWatch Logs vended delivery (logs:CreateLogDelivery and friends) and X-Ray PutTraceSegments have " +
            "no resource-level permissions; AWS documents Resource * for them.",
          appliesTo: ["Resource::*"],
        },
      ],
      true,
    );
  }
}

function logicalIdOf(fn: IFunction): string {
  const cfn = fn.node.defaultChild;
  if (!(cfn instanceof CfnFunction)) throw new Error(`${fn.node.path} is not a CDK-built function`);
  return Stack.of(fn).getLogicalId(cfn);
}
