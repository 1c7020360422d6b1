import { APP_TABLE, DEFAULT_PORTS } from "../local/defaults";

/**
 * The CLIs that read the case store (`audit`, `assess --cases`) use the embedded runtime's table
 * (DynamoDB Local of a running `npm start`, on DYNAMODB_PORT) unless TABLE_NAME points somewhere else
 * (AWS, with its own credentials). Returns whether the local store was chosen.
 */
export function useLocalStoreUnlessConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  // Whoever reads this output is not maintaining the runtime: the SDK's notice about Node 22 is noise.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  if (env.TABLE_NAME) return false;
  Object.assign(env, {
    TABLE_NAME: APP_TABLE,
    AWS_REGION: env.AWS_REGION ?? "us-east-1",
    AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID ?? "local",
    AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY ?? "local",
    AWS_ENDPOINT_URL_DYNAMODB:
      env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? DEFAULT_PORTS.dynamo}`,
  });
  return true;
}

/** One line for a store that cannot be reached, or undefined when the error is something else. */
export function unreachableStoreMessage(error: unknown): string | undefined {
  const refused =
    String((error as { code?: unknown })?.code) === "ECONNREFUSED" || /ECONNREFUSED/.test(String(error));
  if (!refused) return undefined;
  return `cannot reach DynamoDB at ${process.env.AWS_ENDPOINT_URL_DYNAMODB ?? "AWS"}: is \`npm start\` running? (on AWS set TABLE_NAME and credentials)`;
}
