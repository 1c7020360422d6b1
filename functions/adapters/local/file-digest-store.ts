import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DigestReader, DigestWriter } from "../../app/ports";

/** Ports `digests` and `digestWrites` locally: one read-only JSON file per digest, created exclusively. */
export function createFileDigestStore(dir: string): DigestReader & DigestWriter {
  const root = resolve(dir);
  const file = (name: string) => join(root, `${name}.json`);
  return {
    location: root,
    async names() {
      try {
        return (await readdir(root))
          .filter((f) => f.endsWith(".json"))
          .map((f) => f.slice(0, -".json".length))
          .sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
    },
    async read(name) {
      try {
        return await readFile(file(name), "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async create(name, text) {
      await mkdir(root, { recursive: true });
      try {
        await writeFile(file(name), text, { flag: "wx", mode: 0o444 });
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw error;
      }
    },
  };
}
