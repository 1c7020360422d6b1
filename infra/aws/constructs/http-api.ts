import { Lazy, RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { NagSuppressions } from "cdk-nag";
import { Construct } from "constructs";
import { type Auth, type HttpFunction, routePaths } from "../../catalog";
import type { StaffUserPool } from "./staff-user-pool";

export interface PublicApiProps {
  staff: StaffUserPool;
  /** Steady-state requests per second of each staff route; the burst is twice this. */
  rateLimit?: number;
  /**
   * Steady-state requests per second of each public /approvals route (e-mailed links, no sign-in);
   * the burst is twice this. Its own budget: a flood of link requests cannot use up the staff routes'.
   */
  publicRateLimit?: number;
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
  /** Route keys of the public routes, throttled on their own budget (see the stage's RouteSettings). */
  private readonly publicRouteKeys: string[] = [];

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
    // Route-level settings override the stage default for the routes they name; filled in at synth,
    // once every route has been added. (A JSON property of the L1 stage: CloudFormation's own key names.)
    const publicRate = props.publicRateLimit ?? 10;
    (this.stage.node.defaultChild as CfnStage).routeSettings = Lazy.any({
      produce: () =>
        this.publicRouteKeys.length === 0
          ? undefined
          : Object.fromEntries(
              [...this.publicRouteKeys]
                .sort()
                .map((key) => [
                  key,
                  { ThrottlingRateLimit: publicRate, ThrottlingBurstLimit: publicRate * 2 },
                ]),
            ),
    });
    this.jwt = new HttpJwtAuthorizer("StaffJwt", props.staff.issuerUrl, {
      // The web client's tokens too (browser sign-in through the hosted UI), when it is configured.
      jwtAudience: [
        props.staff.client.userPoolClientId,
        ...(props.staff.webClient ? [props.staff.webClient.userPoolClientId] : []),
      ],
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
    this.registerRoutes(routes, spec.route.auth, [`${spec.route.method} ${spec.route.path}`]);
  }

  /**
   * `ANY <path>` on every path of the catalog to the 405 function: API Gateway prefers the route with
   * the exact method, so only methods no function serves get there. Each carries its path's authorizer.
   */
  addMethodFallback(fn: IFunction): void {
    const integration = new HttpLambdaIntegration("MethodNotAllowedIntegration", fn);
    for (const { path, auth } of routePaths()) {
      const routes = this.api.addRoutes({
        path,
        methods: [HttpMethod.ANY],
        integration,
        authorizer: auth === "jwt" ? this.jwt : undefined,
      });
      this.registerRoutes(routes, auth, [`ANY ${path}`]);
    }
  }

  private registerRoutes(routes: HttpRoute[], auth: Auth, keys: string[]): void {
    if (auth !== "signed-link") return;
    this.publicRouteKeys.push(...keys);
    for (const route of routes) {
      // The stage's RouteSettings name these routes: CloudFormation must create them first.
      this.stage.node.addDependency(route);
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
