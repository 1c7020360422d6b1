import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"|import\("([^"]+)"\)/g)].map(
    (m) => m[1] ?? m[2] ?? "",
  );
}

describe("dependency direction: infra → functions → domain", () => {
  it("keeps domain/ free of our other layers, AWS, I/O and the clock", () => {
    const allowedPackages = ["zod", "decimal.js", "node:crypto", "csv-parse/sync"];
    const offenders: string[] = [];
    for (const file of sources(join(ROOT, "domain"))) {
      for (const spec of imports(file)) {
        const local = spec.startsWith(".");
        const target = local ? relative(ROOT, resolve(file, "..", spec)) : spec;
        if (local ? !target.startsWith("domain") : !allowedPackages.includes(spec))
          offenders.push(`${relative(ROOT, file)} → ${spec}`);
      }
      if (/Date\.now\(|new Date\(\)|Math\.random\(/.test(readFileSync(file, "utf8")))
        offenders.push(`${relative(ROOT, file)} reads the clock or randomness`);
    }
    expect(offenders).toEqual([]);
  });

  it("keeps functions/ from importing infra/", () => {
    let files: string[] = [];
    try {
      files = sources(join(ROOT, "functions"));
    } catch {
      files = [];
    }
    const offenders = files.flatMap((file) =>
      imports(file)
        .filter(
          (spec) => spec.startsWith(".") && relative(ROOT, resolve(file, "..", spec)).startsWith("infra"),
        )
        .map((spec) => `${relative(ROOT, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
