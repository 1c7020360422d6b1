import { readFileSync } from "node:fs";
import { CodedError } from "../../../domain/errors";
import { createDirectory, type Directory, directorySchema } from "../../app/directory";

/**
 * The local directory adapter: a JSON file read and validated once at load, so a typo in the
 * directory stops the runtime at start instead of surfacing as a lost approval mail.
 */
export function loadDirectoryFile(path: string): Directory {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new CodedError("DIRECTORY_UNREADABLE", `cannot read the directory file ${path}`, { cause });
  }
  const parsed = directorySchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join(".")}: ${first.message}` : "invalid";
    throw new CodedError("DIRECTORY_INVALID", `directory ${path} is invalid (${where})`, {
      cause: parsed.error,
    });
  }
  return createDirectory(parsed.data);
}
