import { Aws, CfnRule, Duration, Fn, type Stack } from "aws-cdk-lib";
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";

/** WAF's own bounds for a rate-based rule: requests per IP per 5 minutes. */
const WAF_RATE_LIMIT_MIN = 10;
const WAF_RATE_LIMIT_MAX = 2_000_000_000;

/**
 * `-c wafRateLimit=N` turns the edge on: N requests per client IP per 5 minutes, across every route.
 * Off by default (it adds a CloudFront distribution and a web ACL, and needs us-east-1).
 */
export function wafRateLimitFromContext(scope: Stack): number | undefined {
  const raw: unknown = scope.node.tryGetContext("wafRateLimit");
  if (raw === undefined || raw === "" || raw === "false") return undefined;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < WAF_RATE_LIMIT_MIN || limit > WAF_RATE_LIMIT_MAX) {
    throw new Error(
      `-c wafRateLimit must be a whole number of requests per IP per 5 minutes from ${WAF_RATE_LIMIT_MIN} to ${WAF_RATE_LIMIT_MAX}, got ${String(raw)}`,
    );
  }
  return limit;
}

export interface EdgeWafProps {
  /** The HTTP API's id: the origin is its default execute-api endpoint. */
  apiId: string;
  rateLimit: number;
}

/**
 * API Gateway HTTP APIs cannot carry a WAF web ACL themselves (only REST APIs can), so the optional
 * WAF sits on a CloudFront distribution in front of the API, and every e-mailed link points there.
 * CloudFront web ACLs must be created in us-east-1: the stack then has to be deployed there, which a
 * template rule checks before anything is created. Nothing is cached: every answer of the API is
 * `no-store`, and the cache key carries the Authorization header and the query (link signatures).
 * The execute-api endpoint stays reachable directly; its stage throttling still bounds that path.
 */
export class EdgeWaf extends Construct {
  readonly distribution: Distribution;
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeWafProps) {
    super(scope, id);
    new CfnRule(this, "CloudFrontAclRegion", {
      assertions: [
        {
          assert: Fn.conditionEquals(Aws.REGION, "us-east-1"),
          assertDescription:
            "-c wafRateLimit puts a CloudFront web ACL in front of the API; CloudFront web ACLs exist only in us-east-1. Deploy this stack to us-east-1 or drop the flag.",
        },
      ],
    });
    const metrics = (name: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName: name,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new CfnWebACL(this, "Acl", {
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      visibilityConfig: metrics("CreditApprovalEdge"),
      rules: [
        {
          name: "RatePerIp",
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: props.rateLimit, aggregateKeyType: "IP" } },
          visibilityConfig: metrics("CreditApprovalRatePerIp"),
        },
      ],
    });
    // A TTL above zero is what allows headers in the cache key; the API's no-store keeps it empty anyway.
    const passThrough = new CachePolicy(this, "PassThrough", {
      comment: "Credit approval API: nothing cached, Authorization and the query forwarded",
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList("Authorization"),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    this.distribution = new Distribution(this, "Distribution", {
      comment: "Credit approval API behind the WAF rate rule",
      webAclId: this.webAcl.attrArn,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: new HttpOrigin(`${props.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        }),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: passThrough,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      },
    });
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: "AwsSolutions-CFR1",
        reason:
          "Approvers and staff decide from wherever they are; a bank that must restrict countries adds it here.",
      },
      {
        id: "AwsSolutions-CFR3",
        reason:
          "Every request that reaches the API is in the stage's access log (route, status, caller, never the query); " +
          "CloudFront standard logs would need an ACL-enabled bucket for little more. WAF samples blocked requests.",
      },
      {
        id: "AwsSolutions-CFR4",
        reason:
          "The default *.cloudfront.net certificate cannot pin a minimum TLS version; a bank serves the links from its " +
          "own domain and certificate (minimumProtocolVersion TLSv1.2_2021) on this distribution.",
      },
    ]);
  }

  /** The base of every e-mailed link when the edge is on. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
