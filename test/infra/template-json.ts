/** Reading a synthesized CloudFormation template without `any`: intrinsics become readable markers. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: Json;
  Condition?: Json;
}

export const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Flattens Ref, Fn::GetAtt and Fn::Join into one string, writing references as <LogicalId> and
 * <LogicalId.Attr> (the notation cdk-nag uses), so ARNs can be compared as text.
 */
export function flatten(value: Json | undefined): string {
  if (typeof value === "string") return value;
  if (isObject(value)) {
    const ref = value.Ref;
    if (typeof ref === "string") return `<${ref}>`;
    const getAtt = value["Fn::GetAtt"];
    if (Array.isArray(getAtt)) return `<${getAtt.map(String).join(".")}>`;
    const join = value["Fn::Join"];
    if (Array.isArray(join) && typeof join[0] === "string" && Array.isArray(join[1])) {
      return join[1].map((part) => flatten(part)).join(join[0]);
    }
  }
  throw new Error(`cannot flatten ${JSON.stringify(value)}`);
}

export const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

export function resourcesOfType(
  resources: Record<string, CfnResource>,
  type: string,
): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

/** Every statement of every AWS::IAM::Policy attached to the given role. */
export function statementsOfRole(resources: Record<string, CfnResource>, roleId: string): PolicyStatement[] {
  return resourcesOfType(resources, "AWS::IAM::Policy").flatMap(([, policy]) => {
    const roles = (policy.Properties?.Roles ?? []) as Json[];
    if (!roles.some((r) => isObject(r) && r.Ref === roleId)) return [];
    const doc = policy.Properties?.PolicyDocument;
    return isObject(doc) ? (doc.Statement as unknown as PolicyStatement[]) : [];
  });
}

export const actionsOf = (s: PolicyStatement): string[] => asList(s.Action);

export const resourcesOf = (s: PolicyStatement): string[] => asList(s.Resource).map((r) => flatten(r));
