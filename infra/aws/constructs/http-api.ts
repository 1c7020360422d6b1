import { RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import type { HttpFunction } from "../../catalog";
import type { StaffUserPool } from "./staff-user-pool";

export interface PublicApiProps {
  staff: StaffUserPool;
  /** Steady-state requests per second across all routes; the burst is twice this. */
  rateLimit?: number;
}

/**
 * The HTTP API of the catalog's routes. /cases needs a Cognito JWT; /approvals is opened from an
 * e-mail by approvers who may not be signed in, so those routes have no authorizer and the handler
 * verifies the link's HMAC signature instead.
 */
export class PublicApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  private readonly jwt: HttpJwtAuthorizer;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, "Api", {
      description: "SME credit approval: case API and approval links",
      // Our own $default stage below carries access logs and throttling.
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, "AccessLogs", {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const rateLimit = props.rateLimit ?? 50;
    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit, burstLimit: rateLimit * 2 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        // The route key, never the path with its query: approval links carry their signature there.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            ip: "$context.identity.sourceIp",
            userAgent: "$context.identity.userAgent",
            routeKey: "$context.routeKey",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            integrationError: "$context.integrationErrorMessage",
            authorizerError: "$context.authorizer.error",
            caller: "$context.authorizer.claims.sub",
          }),
        ),
      },
    });
    this.jwt = new HttpJwtAuthorizer("StaffJwt", props.staff.issuerUrl, {
      jwtAudience: [props.staff.client.userPoolClientId],
      identitySource: ["$request.header.Authorization"],
    });
  }

  /** The base of every e-mailed link: the $default stage's URL. */
  get url(): string {
    return this.stage.url;
  }

  addCatalogRoute(spec: HttpFunction, fn: IFunction): void {
    const routes = this.api.addRoutes({
      path: spec.route.path,
      methods: [HttpMethod[spec.route.method]],
      integration: new HttpLambdaIntegration(`${spec.name}Integration`, fn),
      authorizer: spec.route.auth === "jwt" ? this.jwt : undefined,
    });
    if (spec.route.auth === "signed-link") {
      for (const route of routes) {
        NagSuppressions.addResourceSuppressions(route, [
          {
            id: "AwsSolutions-APIG4",
            reason:
              "Approval-link route: approvers open it from e-mail, often not signed in. The handler checks the " +
              "link's HMAC signature (approval, approver, stage, expiry) and a CSRF token on POST before anything.",
          },
        ]);
      }
    }
  }
}
