import type { KeySchemaElement, ScalarAttributeType } from "@aws-sdk/client-dynamodb";
import { RemovalPolicy } from "aws-cdk-lib";
import {
  type Attribute,
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { appTableDefinition, TTL_ATTRIBUTE } from "../../../functions/adapters/aws/table";

const ATTRIBUTE_TYPES: Record<ScalarAttributeType, AttributeType> = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
  B: AttributeType.BINARY,
};

/**
 * The case table, built from the same definition the local runtime creates DynamoDB Local's table
 * from, so keys and indexes cannot differ between the two runtimes.
 */
export class AppTable extends Construct {
  readonly table: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const definition = appTableDefinition("unused-physical-name");
    const types = new Map(
      (definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
    );
    const attribute = (schema: KeySchemaElement[] | undefined, keyType: "HASH" | "RANGE"): Attribute => {
      const name = schema?.find((k) => k.KeyType === keyType)?.AttributeName;
      const type = name ? types.get(name) : undefined;
      if (!name || !type) throw new Error(`table definition lacks a typed ${keyType} key`);
      return { name, type: ATTRIBUTE_TYPES[type] };
    };
    const indexes: GlobalSecondaryIndexPropsV2[] = (definition.GlobalSecondaryIndexes ?? []).map((gsi) => {
      if (!gsi.IndexName) throw new Error("table definition has an index without a name");
      if (gsi.Projection?.ProjectionType !== "ALL")
        throw new Error(`index ${gsi.IndexName}: only ALL projections are mapped`);
      return {
        indexName: gsi.IndexName,
        partitionKey: attribute(gsi.KeySchema, "HASH"),
        sortKey: attribute(gsi.KeySchema, "RANGE"),
        projectionType: ProjectionType.ALL,
      };
    });
    this.table = new TableV2(this, "Table", {
      partitionKey: attribute(definition.KeySchema, "HASH"),
      sortKey: attribute(definition.KeySchema, "RANGE"),
      globalSecondaryIndexes: indexes,
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // AWS-managed KMS key: encrypted at rest with every key use in CloudTrail, and no key lifecycle to
      // get wrong; a disabled or deleted customer key would make the audit trail (the source of truth)
      // unreadable. A bank that mandates its own key swaps in TableEncryptionV2.customerManagedKey().
      encryption: TableEncryptionV2.awsManagedKey(),
      // The domain event publisher reads the inserted audit events from here (constructs/domain-event-bus.ts).
      dynamoStream: StreamViewType.NEW_IMAGE,
      // Only approval and idempotency items carry this attribute; audit events never expire.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // The audit trail outlives any stack: deleting the stack must never delete it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
