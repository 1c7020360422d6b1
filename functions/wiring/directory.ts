import * as z from "../../domain/zod";
import { loadDirectoryFile } from "../adapters/aws/directory-file";
import type { DirectoryPort } from "../app/ports";
import { ENV, readEnv } from "./config";

/** Users, roles and e-mails per branch: a JSON file beside the bundle on AWS, infra/local/directory.json locally. */
const schema = z.object({ [ENV.directoryFile]: z.string().check(z.minLength(1)) });

/** Port `directory`, read and checked once at load. */
export function directory(): DirectoryPort {
  return loadDirectoryFile(readEnv(schema, "directory")[ENV.directoryFile]);
}
