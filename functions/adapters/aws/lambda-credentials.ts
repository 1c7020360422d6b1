import { fromEnv } from "@aws-sdk/credential-provider-env";

/**
 * The SDK's default credential chain, as a Lambda needs it: Lambda puts the function role's
 * credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which
 * is the first link of the full chain and the only one that ever answers there. The other links (SSO,
 * shared ini files, processes, web identity, container and instance metadata) and the nested STS and
 * SSO clients they load are about 90 KB of every bundle and of every cold start.
 *
 * Used only in Lambda bundles, where infra/aws/bundling.ts aliases @aws-sdk/credential-provider-node to
 * this module; the embedded runtime and the tests run the full chain.
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
