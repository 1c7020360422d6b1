import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(path) ? [path] : [];
  });
}

/** Every module a file imports or re-exports: repository paths for our own files, package names otherwise. */
function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"|import\s+"([^"]+)"|import\("([^"]+)"\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? "")
    .map((spec) => (spec.startsWith(".") ? relative(ROOT, resolve(ROOT, file, "..", spec)) : spec));
}

const isLocal = (target: string) => /^(domain|functions|infra|test|statemachines)(\/|$)/.test(target);

/** `file → import` for every import of a file under `dir` that `allowed` refuses. */
function offenders(dir: string, allowed: (target: string) => boolean): string[] {
  return sources(dir).flatMap((file) =>
    imports(file)
      .filter((target) => !allowed(target))
      .map((target) => `${file} → ${target}`),
  );
}

const under = (target: string, ...dirs: string[]) =>
  dirs.some((d) => target === d || target.startsWith(`${d}/`));

describe("dependency direction: infra → handlers → wiring → adapters → use cases → domain", () => {
  it("keeps domain/ free of our other layers, AWS, I/O and the clock", () => {
    const packages = ["zod", "zod/mini", "zod/locales", "decimal.js", "node:crypto", "csv-parse/sync"];
    const found = offenders("domain", (t) => (isLocal(t) ? under(t, "domain") : packages.includes(t)));
    for (const file of sources("domain"))
      if (/Date\.now\(|new Date\(\)|Math\.random\(/.test(readFileSync(join(ROOT, file), "utf8")))
        found.push(`${file} reads the clock or randomness`);
    expect(found).toEqual([]);
  });

  it("keeps the use cases and their ports (functions/app/) to the domain and themselves: no AWS SDK, no adapter, no infra", () => {
    // The page kit (functions/shared/html) is pure presentation over the domain: mails and audit
    // descriptions render through it like the pages do.
    const found = offenders("functions/app", (t) =>
      isLocal(t) ? under(t, "domain", "functions/app", "functions/shared/html") : t === "node:crypto",
    );
    expect(found).toEqual([]);
  });

  it("lets adapters implement ports without reaching for the wiring, the handlers or infra", () => {
    const found = offenders("functions/adapters", (t) =>
      isLocal(t) ? under(t, "domain", "functions/app", "functions/adapters") : true,
    );
    expect(found).toEqual([]);
  });

  it("keeps the wiring (functions/wiring/) below the handlers and away from infra", () => {
    const found = offenders("functions/wiring", (t) =>
      isLocal(t) ? under(t, "domain", "functions/app", "functions/adapters", "functions/wiring") : true,
    );
    expect(found).toEqual([]);
  });

  it("has handlers build their ports through the wiring, never an adapter directly", () => {
    const handlers = readdirSync(join(ROOT, "functions")).filter((d) =>
      statSync(join(ROOT, "functions", d, "handler.ts"), { throwIfNoEntry: false })?.isFile(),
    );
    expect(handlers.length).toBeGreaterThan(10);
    const found = handlers.flatMap((d) =>
      imports(`functions/${d}/handler.ts`)
        .filter((t) => under(t, "functions/adapters", "infra") || t.startsWith("@aws-sdk/"))
        .map((t) => `functions/${d}/handler.ts → ${t}`),
    );
    expect(found).toEqual([]);
  });

  it("keeps functions/ from importing infra/", () => {
    expect(offenders("functions", (t) => !under(t, "infra"))).toEqual([]);
  });
});
