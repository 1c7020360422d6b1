import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import { AnyPrincipal, Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  ObjectLockMode,
  ObjectLockRetention,
  ObjectOwnership,
} from "aws-cdk-lib/aws-s3";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { DIGEST_PREFIX } from "../../../functions/adapters/aws/digest-location";
import { ENV } from "../../../functions/wiring/config";
import type { DigestAccess } from "../ports";
import type { ProjectFunction } from "./project-function";

export const RETENTION_DAYS_CONTEXT = "digestRetentionDays";
export const LOCK_MODE_CONTEXT = "digestLockMode";

export interface DigestLock {
  mode: ObjectLockMode;
  days: number;
}

/** Ten years, counting leap days; a bank sets its own period with -c digestRetentionDays. */
export const DEFAULT_DIGEST_LOCK: DigestLock = { mode: ObjectLockMode.COMPLIANCE, days: 3653 };

// S3 refuses longer default retentions (and CDK checks the same bound).
const MAX_RETENTION_DAYS = 36_500;

/**
 * The lock from `-c digestLockMode=… -c digestRetentionDays=…`. Checked here, at synth, because a
 * wrong COMPLIANCE retention cannot be taken back once an object is written under it.
 */
export function digestLockFromContext(scope: Construct): DigestLock {
  const rawMode: unknown = scope.node.tryGetContext(LOCK_MODE_CONTEXT);
  const rawDays: unknown = scope.node.tryGetContext(RETENTION_DAYS_CONTEXT);
  let mode = DEFAULT_DIGEST_LOCK.mode;
  if (rawMode !== undefined) {
    if (rawMode !== ObjectLockMode.COMPLIANCE && rawMode !== ObjectLockMode.GOVERNANCE)
      throw new Error(
        `context ${LOCK_MODE_CONTEXT} must be COMPLIANCE or GOVERNANCE, got ${JSON.stringify(rawMode)}`,
      );
    mode = rawMode;
  }
  let days = DEFAULT_DIGEST_LOCK.days;
  if (rawDays !== undefined) {
    // `-c` passes strings, cdk.json may hold a number: accept both, but only whole days.
    const parsed = typeof rawDays === "string" && /^\d+$/.test(rawDays) ? Number(rawDays) : rawDays;
    if (typeof parsed !== "number" || !Number.isInteger(parsed) || parsed < 1 || parsed > MAX_RETENTION_DAYS)
      throw new Error(
        `context ${RETENTION_DAYS_CONTEXT} must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, ` +
          `got ${JSON.stringify(rawDays)}`,
      );
    days = parsed;
  }
  return { mode, days };
}

export interface DigestBucketProps {
  lock: DigestLock;
}

/**
 * Where the daily audit digests are anchored: S3 Object Lock, so no one (in COMPLIANCE mode not even
 * the account root) can change or delete a digest before its retention ends. The handlers write with
 * If-None-Match and a SHA-256 checksum, so a digest is written once and S3 checks its bytes.
 */
export class DigestBucket extends Construct {
  readonly bucket: Bucket;
  /** Server access logs of the digest bucket: every read, write and refused attempt, with its caller. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: DigestBucketProps) {
    super(scope, id);
    // Log delivery through a bucket policy (today's CDK default) rather than the legacy LogDeliveryWrite
    // ACL; set on this construct only, so no other resource in the stack changes.
    this.node.setContext("@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy", true);

    // Access logs rather than an S1 suppression: refused deletes and overwrites are exactly what an
    // auditor asks about, and Object Lock refuses them without recording who tried. Kept as long as
    // the digests they describe. The log bucket cannot have Object Lock or SSE-KMS (S3 will not
    // deliver logs into either), and it satisfies S1 itself by being this bucket's log target.
    this.accessLogs = new Bucket(this, "AccessLogs", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(props.lock.days) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new Bucket(this, "Bucket", {
      // Object Lock needs versioning; set explicitly so the template says what S3 will do anyway.
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        props.lock.mode === ObjectLockMode.COMPLIANCE
          ? ObjectLockRetention.compliance(Duration.days(props.lock.days))
          : ObjectLockRetention.governance(Duration.days(props.lock.days)),
      // SSE-S3: a digest holds hashes, not client data, and there is no key that could be disabled or
      // scheduled for deletion to make ten years of anchors unreadable.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: "digest-bucket/",
      // Never autoDeleteObjects: the anchors must outlive the stack (and the lock would refuse anyway).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object Lock protects versions, but a DELETE without a version id still succeeds and hides the
    // digest behind a delete marker. Nothing here deletes; removing this deny is a deliberate, logged act.
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ["s3:DeleteObject", "s3:DeleteObjectVersion"],
        resources: [this.bucket.arnForObjects("*")],
      }),
    );
  }

  /**
   * The bucket name in DIGEST_BUCKET and the matching grant, together. Only the digests/ prefix, only
   * list, get and put: no delete, no retention or legal-hold changes, no governance bypass.
   */
  grant(fn: ProjectFunction, access: DigestAccess): void {
    fn.addEnvironment(ENV.digestBucket, this.bucket.bucketName);
    const objects = this.bucket.arnForObjects(`${DIGEST_PREFIX}*`);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ["s3:ListBucket"],
        resources: [this.bucket.bucketArn],
        // ListObjectsV2 with Prefix "digests/" sends s3:prefix = "digests/", which StringLike "digests/*"
        // matches (* includes the empty string); a listing of the whole bucket has no prefix and is denied.
        conditions: { StringLike: { "s3:prefix": `${DIGEST_PREFIX}*` } },
      }),
    );
    fn.addToRolePolicy(new PolicyStatement({ actions: ["s3:GetObject"], resources: [objects] }));
    if (access === "write") {
      // Object Lock's default retention is applied by S3, so no s3:PutObjectRetention is needed.
      fn.addToRolePolicy(new PolicyStatement({ actions: ["s3:PutObject"], resources: [objects] }));
    }
    NagSuppressions.addResourceSuppressions(
      fn.role ?? fn,
      [
        {
          id: "AwsSolutions-IAM5",
          reason:
            "Digests are one object per day under digests/ in this one bucket; the grant is that prefix " +
            "(get, and put for the digest job), with no delete or retention actions.",
          appliesTo: [`Resource::<${this.logicalId()}.Arn>/${DIGEST_PREFIX}*`],
        },
      ],
      true,
    );
  }

  private logicalId(): string {
    return Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnBucket);
  }
}
