import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { Bucket } from "aws-cdk-lib/aws-s3";
import { describe, expect, it } from "vitest";
import { DocumentBucket, documentRetentionFromContext } from "../../infra/aws/constructs/document-bucket";

function bucketUnder(context: Record<string, unknown>): Template {
  const stack = new Stack(new App({ context }), "Docs");
  new DocumentBucket(stack, "Documents", {
    accessLogs: new Bucket(stack, "Logs"),
    retentionDays: documentRetentionFromContext(stack),
  });
  return Template.fromStack(stack);
}

describe("the document bucket", () => {
  it("blocks all public access, encrypts with its own rotating KMS key, requires TLS and expires by retention", () => {
    const template = bucketUnder({ documentRetentionDays: "2555" });
    template.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: "aws:kms" }) }),
        ],
      },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2555 })] },
    });
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
  });

  it("refuses a bad retention at synth, naming the flag", () => {
    expect(() => bucketUnder({ documentRetentionDays: "0" })).toThrow(/context documentRetentionDays/);
  });
});
