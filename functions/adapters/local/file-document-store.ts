import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { DocumentStore } from "../../app/ports";

const SAFE_KEY = /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/;

/** Port `documents` locally: one read-only file per document under the data directory, its type beside it. */
export function createFileDocumentStore(dir: string, maxBytes: number): DocumentStore {
  const root = resolve(dir);
  const file = (key: string) => {
    // Keys are made of ids; anything else (a `..`) would leave the directory.
    if (!SAFE_KEY.test(key) || key.includes("..")) throw new Error(`not a document key: ${key}`);
    return join(root, key);
  };
  return {
    maxBytes,
    async put(key, bytes, contentType) {
      const path = file(key);
      await mkdir(dirname(path), { recursive: true });
      try {
        await writeFile(`${path}.type`, contentType, { flag: "wx", mode: 0o444 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw error;
      }
      await writeFile(path, bytes, { flag: "wx", mode: 0o444 });
      return true;
    },
    async get(key) {
      try {
        const [bytes, contentType] = await Promise.all([
          readFile(file(key)),
          readFile(`${file(key)}.type`, "utf8"),
        ]);
        return { bytes, contentType };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
  };
}
