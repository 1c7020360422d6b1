import * as z from "../../domain/zod";
import type { Site } from "../app/ports";
import { ENV, readEnv } from "./config";

const schema = z.object({ [ENV.publicBaseUrl]: z.url() });

/** Port `site`: the base of every link a mail carries. */
export function site(): Site {
  return { publicBaseUrl: readEnv(schema, "site")[ENV.publicBaseUrl].replace(/\/+$/, "") };
}
