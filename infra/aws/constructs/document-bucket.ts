import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { DOCUMENT_PREFIX } from "../../../functions/adapters/aws/s3-document-store";
import { ENV } from "../../../functions/wiring/config";
import type { DigestAccess } from "../ports";
import type { ProjectFunction } from "./project-function";

export const DOCUMENT_RETENTION_CONTEXT = "documentRetentionDays";
/** Ten years: credit files are kept at least as long as the loan and its audit trail. */
export const DEFAULT_DOCUMENT_RETENTION_DAYS = 3650;

/** -c documentRetentionDays=N (whole days, 1 to 36,500); a bad value fails the synth naming the flag. */
export function documentRetentionFromContext(scope: Construct): number {
  const raw: unknown = scope.node.tryGetContext(DOCUMENT_RETENTION_CONTEXT);
  if (raw === undefined) return DEFAULT_DOCUMENT_RETENTION_DAYS;
  const days = typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 1 || days > 36_500)
    throw new Error(`context ${DOCUMENT_RETENTION_CONTEXT} must be a whole number of days from 1 to 36500`);
  return days;
}

/**
 * The documents attached to cases (financial statements, collateral papers): client data, so private
 * (all public access blocked, TLS only), encrypted with the stack's own KMS key, versioned, expired
 * after the retention days; server access logs into the given log bucket.
 */
export class DocumentBucket extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: { accessLogs: IBucket; retentionDays: number }) {
    super(scope, id);
    this.key = new Key(this, "Key", {
      enableKeyRotation: true,
      description: "Encrypts the case documents",
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new Bucket(this, "Bucket", {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      lifecycleRules: [
        { expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(30) },
      ],
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: "document-bucket/",
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** DOCUMENT_BUCKET and the matching grant together: get (and put for writers) under documents/ only. */
  grant(fn: ProjectFunction, access: DigestAccess): void {
    fn.addEnvironment(ENV.documentBucket, this.bucket.bucketName);
    const objects = this.bucket.arnForObjects(`${DOCUMENT_PREFIX}*`);
    fn.addToRolePolicy(new PolicyStatement({ actions: ["s3:GetObject"], resources: [objects] }));
    this.key.grantDecrypt(fn);
    if (access === "write") {
      fn.addToRolePolicy(new PolicyStatement({ actions: ["s3:PutObject"], resources: [objects] }));
      this.key.grantEncrypt(fn);
    }
    const logicalId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
    NagSuppressions.addResourceSuppressions(
      fn.role ?? fn,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Documents are objects under documents/<caseId>/ in this one bucket; the grant is that prefix " +
            "(get, and put for the upload), with no list or delete; the KMS grant is the key's data-key actions.",
          appliesTo: [
            `Resource::<${logicalId}.Arn>/${DOCUMENT_PREFIX}*`,
            "Action::kms:GenerateDataKey*",
            "Action::kms:ReEncrypt*",
          ],
        },
      ],
      true,
    );
  }
}
