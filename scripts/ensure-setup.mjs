// Runs before `npm start` and `npm test` (prestart/pretest), so a fresh clone needs nothing else: it
// installs the dependencies when they are missing or older than the lockfile, and checks for the JDK
// DynamoDB Local and its launcher need. Plain Node on purpose: it runs before any dependency exists.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lockfile = join(root, "package-lock.json");
// npm writes this file on every install: its age is the age of node_modules.
const installed = join(root, "node_modules", ".package-lock.json");
const JDK_PACKAGE = "openjdk-17-jdk-headless";

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

if (mtime(installed) < mtime(lockfile)) {
  const why = existsSync(installed) ? "older than package-lock.json" : "not installed";
  console.error(`dependencies are ${why}: running npm ci`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("npm ci failed; fix the error above and run the command again");
    process.exit(result.status ?? 1);
  }
}

/** What `command -version` prints (java on stderr, javac 17 on stdout), or undefined when it is missing. */
function versionOf(command) {
  const out = spawnSync(command, ["-version"], { encoding: "utf8" });
  return out.error ? undefined : `${out.stdout}${out.stderr}`;
}

const install = `install a JDK 17 or later: \`apt-get install -y ${JDK_PACKAGE}\` (Debian/Ubuntu), \`brew install openjdk@17\` (macOS)`;
const java = versionOf("java");
if (java === undefined) {
  console.error(`Java was not found. DynamoDB Local (the local database) is a Java program: ${install}.`);
  process.exit(1);
}
const major = Number(/version "(\d+)/.exec(java)?.[1] ?? "0");
if (major > 0 && major < 17) {
  console.error(`Java ${major} is too old for DynamoDB Local: ${install}.`);
  process.exit(1);
}
if (versionOf("javac") === undefined) {
  console.error(
    `javac was not found: the DynamoDB Local launcher is compiled on first start, which needs a JDK, not only a JRE: ${install}.`,
  );
  process.exit(1);
}
