import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { CodedError } from "../../../domain/errors";

/** HMAC-SHA256 keys shorter than the hash output weaken the signature; refuse them at load. */
export const MIN_SIGNING_KEY_BYTES = 32;

export function parseSigningKey(text: string | undefined): Buffer {
  if (!text) throw new CodedError("SIGNING_KEY_MISSING", "LINK_SIGNING_KEY is not set");
  const key = Buffer.from(text, "utf8");
  if (key.length < MIN_SIGNING_KEY_BYTES) {
    throw new CodedError(
      "SIGNING_KEY_TOO_SHORT",
      `the link signing key needs at least ${MIN_SIGNING_KEY_BYTES} bytes`,
    );
  }
  return key;
}

let cached: Promise<Buffer> | undefined;

async function readSigningKey(env: NodeJS.ProcessEnv): Promise<Buffer> {
  if (env.LINK_SIGNING_KEY) return parseSigningKey(env.LINK_SIGNING_KEY);
  if (env.LINK_SIGNING_SECRET_ARN) {
    const client = new SecretsManagerClient({});
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: env.LINK_SIGNING_SECRET_ARN }));
      return parseSigningKey(out.SecretString);
    } finally {
      client.destroy();
    }
  }
  return parseSigningKey(undefined);
}

/**
 * The link signing key. From the process environment it is read once per cold start; an explicit
 * `env` is read afresh. Locally it is `LINK_SIGNING_KEY`; on AWS it is the Secrets Manager secret named
 * by `LINK_SIGNING_SECRET_ARN`, fetched once per cold start so the key never sits in configuration.
 */
export function loadSigningKey(env?: NodeJS.ProcessEnv): Promise<Buffer> {
  if (env) return readSigningKey(env);
  cached ??= readSigningKey(process.env);
  return cached;
}
