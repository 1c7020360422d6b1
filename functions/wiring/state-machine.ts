import { SFNClient } from "@aws-sdk/client-sfn";
import * as z from "../../domain/zod";
import { ENV, readEnv } from "./config";

const schema = z.object({ [ENV.stateMachineArn]: z.string().check(z.startsWith("arn:")) });

let client: SFNClient | undefined;

/** One Step Functions client per process; AWS_ENDPOINT_URL_SFN points it at the embedded endpoint locally. */
export function sfnClient(): SFNClient {
  client ??= new SFNClient({});
  return client;
}

export function stateMachineArn(): string {
  return readEnv(schema, "state machine")[ENV.stateMachineArn];
}
