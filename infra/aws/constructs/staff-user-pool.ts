import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";

/**
 * Bank staff who call the /cases API. Usernames are the directory's user ids (rm.chen, ca.ma): the
 * handlers take the caller from the `cognito:username` claim, so the two must match. Administrators
 * create users; nobody signs themselves up.
 */
/** CDK context of browser sign-in: where the staff site is served, and the hosted UI's domain prefix. */
export const WEB_BASE_URL_CONTEXT = "webBaseUrl";
export const COGNITO_DOMAIN_CONTEXT = "cognitoDomainPrefix";
/** The paths of the sign-in round trip on the staff site (the callback exchanges the code). */
export const CALLBACK_PATH = "/auth/callback";
export const SIGNED_OUT_PATH = "/signin";

export interface WebSignIn {
  baseUrl: string;
  domainPrefix: string;
}

/**
 * Browser sign-in from CDK context (-c webBaseUrl=https://credit.bank.example -c
 * cognitoDomainPrefix=bank-credit): both or neither; a bad value fails the synth naming the flag.
 */
export function webSignInFromContext(scope: Construct): WebSignIn | undefined {
  const base: unknown = scope.node.tryGetContext(WEB_BASE_URL_CONTEXT);
  const prefix: unknown = scope.node.tryGetContext(COGNITO_DOMAIN_CONTEXT);
  if (base === undefined && prefix === undefined) return undefined;
  if (typeof base !== "string" || !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(base))
    throw new Error(
      `context ${WEB_BASE_URL_CONTEXT} must be the staff site's https origin, e.g. https://credit.bank.example`,
    );
  if (typeof prefix !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix))
    throw new Error(
      `context ${COGNITO_DOMAIN_CONTEXT} must be a Cognito domain prefix (lower-case letters, digits, hyphens)`,
    );
  return { baseUrl: base, domainPrefix: prefix };
}

export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  /** The hosted-UI client of browser sign-in, when the site's origin is configured. */
  readonly webClient: UserPoolClient | undefined;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.userPool = new UserPool(this, "Pool", {
      selfSignUpEnabled: false,
      signInCaseSensitive: false,
      signInAliases: { username: true },
      mfa: Mfa.REQUIRED,
      // TOTP only: SMS would need an SNS sending role and is the weaker factor.
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Credit decisions are attributed to these users: block compromised credentials and risky sign-ins.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.client = this.userPool.addClient("ApiClient", {
      // A public client (browser or CLI): no secret to leak, SRP keeps the password off the wire.
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
    const web = webSignInFromContext(this);
    if (web) {
      this.userPool.addDomain("HostedUi", { cognitoDomain: { domainPrefix: web.domainPrefix } });
      // A public client on the authorization-code flow only (no implicit flow: tokens never travel
      // in a URL); with no secret, the site's callback proves itself with the PKCE verifier it keeps
      // in a short-lived cookie.
      this.webClient = this.userPool.addClient("WebClient", {
        generateSecret: false,
        supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
          scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
          callbackUrls: [`${web.baseUrl}${CALLBACK_PATH}`],
          logoutUrls: [`${web.baseUrl}${SIGNED_OUT_PATH}`],
        },
        preventUserExistenceErrors: true,
        accessTokenValidity: Duration.hours(1),
        idTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.hours(12),
      });
    }
  }

  /** The issuer API Gateway checks tokens against (the pool's OIDC discovery base). */
  get issuerUrl(): string {
    const { region, urlSuffix } = Stack.of(this);
    return `https://cognito-idp.${region}.${urlSuffix}/${this.userPool.userPoolId}`;
  }
}
