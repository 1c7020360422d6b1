import type { PortName } from "../functions/app/ports";
import { ENV } from "../functions/wiring/config";

/**
 * Every Lambda function of the product, once: the embedded runtime loads these handlers in-process
 * and the CDK app builds one function per entry, so both run exactly the same set.
 *
 * Each entry names the ports its handler builds (functions/app/ports.ts). That one list is where the
 * function's environment, its IAM grants (infra/aws/ports.ts) and its bundle contents come from; a
 * test bundles every handler and fails when it builds a port its entry does not name, or names one
 * it does not build. A new function: its handler in functions/<name>/handler.ts, building its ports
 * from functions/wiring/, and one line here.
 */

export type Auth = "jwt" | "signed-link";

interface CatalogEntry {
  name: string;
  entry: string;
  /** The ports the handler builds, and nothing else: its environment, grants and bundle follow. */
  ports: readonly PortName[];
}

export interface HttpFunction extends CatalogEntry {
  kind: "http";
  route: { method: "GET" | "POST" | "PUT"; path: string; auth: Auth };
}

export interface StepFunction extends CatalogEntry {
  kind: "step";
  /** The ${…} placeholder in statemachines/approval.asl.json that names this function's ARN. */
  substitution: string;
}

/** When a scheduled function runs: once a day at a UTC time, or every so many minutes. */
export type Schedule = { daily: { hourUtc: number; minuteUtc: number } } | { everyMinutes: number };

/**
 * Runs on its own schedule (an EventBridge rule on AWS, a timer in the embedded runtime, which also
 * runs it once at start-up).
 */
export type ScheduledFunction = CatalogEntry & { kind: "schedule" } & Schedule;

/**
 * Answers 405 with an Allow header for every method no function serves on a known path: mounted as
 * `ANY <path>` on each path of the API (API Gateway and the local gateway both prefer a route with the
 * exact method over ANY), behind that path's own authorization.
 */
export interface MethodFallbackFunction extends CatalogEntry {
  kind: "method-fallback";
}

/**
 * Runs on the audit events inserted into the case table: DynamoDB Streams on AWS. The embedded runtime
 * has no stream; its webhook dispatcher (infra/local/webhooks/) reads the same trail and maps it the
 * same way.
 */
export interface StreamFunction extends CatalogEntry {
  kind: "stream";
}

export type FunctionSpec =
  | HttpFunction
  | StepFunction
  | ScheduledFunction
  | MethodFallbackFunction
  | StreamFunction;

const entry = (name: string) => `functions/${name}/handler.ts`;

const http = (
  name: string,
  method: HttpFunction["route"]["method"],
  path: string,
  auth: Auth,
  ports: readonly PortName[],
): HttpFunction => ({ kind: "http", name, entry: entry(name), ports, route: { method, path, auth } });

const step = (name: string, substitution: string, ports: readonly PortName[]): StepFunction => ({
  kind: "step",
  name,
  entry: entry(name),
  ports,
  substitution,
});

const daily = (
  name: string,
  hourUtc: number,
  minuteUtc: number,
  ports: readonly PortName[],
): ScheduledFunction => ({
  kind: "schedule",
  name,
  entry: entry(name),
  ports,
  daily: { hourUtc, minuteUtc },
});

const every = (name: string, minutes: number, ports: readonly PortName[]): ScheduledFunction => ({
  kind: "schedule",
  name,
  entry: entry(name),
  ports,
  everyMinutes: minutes,
});

/** Reading a case for someone: its trail, and the directory that says who may see it. */
const READS_A_CASE: readonly PortName[] = ["cases", "directory"];

export const FUNCTIONS: readonly FunctionSpec[] = [
  http("submit-case", "POST", "/cases", "jwt", [
    "cases",
    "caseWrites",
    "lockTake",
    // A case the engine refuses is recorded as FAILED and gives its lock back.
    "lockRelease",
    "directory",
    "workflowStarts",
    // The Idempotency-Key: read to replay a retry, recorded in the case's first transaction.
    "idempotencyKeys",
    "idempotencyRecord",
  ]),
  http("list-cases", "GET", "/cases", "jwt", ["caseQueue", "directory"]),
  http("get-case", "GET", "/cases/{id}", "jwt", READS_A_CASE),
  http("resubmit-case", "PUT", "/cases/{id}", "jwt", [
    "cases",
    "caseWrites",
    "lockRelease",
    "directory",
    "workflowStarts",
  ]),
  // A returned case's last version in the form, and that form resubmitted (same use case as the PUT).
  http("case-edit", "GET", "/cases/{id}/edit", "jwt", READS_A_CASE),
  http("case-resubmit-form", "POST", "/cases/{id}/resubmit", "jwt", [
    "cases",
    "caseWrites",
    "lockRelease",
    "directory",
    "workflowStarts",
  ]),
  // Documents: attached by the submitter or credit administration (stored, then recorded with their
  // SHA-256), opened by anyone who may read the case.
  http("attach-document", "POST", "/cases/{id}/documents", "jwt", [
    "cases",
    "caseWrites",
    "directory",
    "documentWrites",
  ]),
  http("get-document", "GET", "/cases/{id}/documents/{documentId}", "jwt", [...READS_A_CASE, "documents"]),
  http("case-history", "GET", "/cases/{id}/history", "jwt", READS_A_CASE),
  http("case-audit", "GET", "/cases/{id}/audit", "jwt", ["trails", "digests", "directory"]),
  // The signed-in person's start page by role (RM: their cases; auditor: case search).
  http("home", "GET", "/", "jwt", ["caseQueue", "directory", "drafts"]),
  // The application form: shown, previewed (rows added or removed, the assessment shown: stores
  // nothing, so it reads no table) and submitted through the same use case as POST /cases.
  http("application-form", "GET", "/cases/new", "jwt", ["directory"]),
  http("application-preview", "POST", "/cases/preview", "jwt", ["directory"]),
  // Drafts: the form saved as typed, in the RM's own partition, and reopened.
  http("save-draft", "POST", "/drafts", "jwt", ["directory", "draftWrites"]),
  http("open-draft", "GET", "/drafts/{draftId}", "jwt", ["directory", "drafts"]),
  http("application-submit", "POST", "/cases/new", "jwt", [
    "cases",
    "caseWrites",
    "lockTake",
    "lockRelease",
    "directory",
    "workflowStarts",
    // The submit use case's: the form sends no key today, so nothing is recorded under them.
    "idempotencyKeys",
    "idempotencyRecord",
  ]),
  // Public (an e-mailed link), and read-only: mail scanners prefetch links.
  http("approval-page", "GET", "/approvals/{approvalId}", "signed-link", [
    "cases",
    "approvals",
    "directory",
    "links",
  ]),
  // Public: its own approval and its case, nothing else; never a lock or another item.
  http("approval-decision", "POST", "/approvals/{approvalId}", "signed-link", [
    "cases",
    "caseWrites",
    "approvals",
    "approvalSettling",
    "directory",
    "links",
    "taskAnswers",
  ]),
  // The API's OpenAPI document (docs/openapi.json, bundled): no port at all.
  http("openapi", "GET", "/openapi.json", "jwt", []),
  // Checks the case against the book and reserves its amounts with the assessment.
  step("assess-case", "AssessCaseFunctionArn", ["cases", "caseWrites", "book", "bookReserve"]),
  step("next-stage", "NextStageFunctionArn", ["cases"]),
  // Every stage approved: the exposure enters the book under its caps' conditions, or the case goes
  // back to head office (docs/portfolio.md).
  step("commit-exposure", "CommitExposureFunctionArn", ["cases", "caseWrites", "book", "bookCommit"]),
  // Answers its own token when the stage was decided after the previous task had closed.
  step("open-stage", "OpenStageFunctionArn", [
    "cases",
    "caseWrites",
    "approvals",
    "approvalOpening",
    "approvalSettling",
    "mailMarks",
    "directory",
    "mailer",
    "links",
    "site",
    "taskAnswers",
  ]),
  step("escalate", "EscalateFunctionArn", [
    "cases",
    "caseWrites",
    "approvalSettling",
    "directory",
    "mailer",
    "site",
  ]),
  step("finalize-case", "FinalizeCaseFunctionArn", [
    "cases",
    "caseWrites",
    "lockRelease",
    "directory",
    "mailer",
    // A case declined or returned gives its reservation in the book back.
    "book",
    "bookReserve",
  ]),
  step("record-failure", "RecordFailureFunctionArn", [
    "cases",
    "caseWrites",
    "approvalSettling",
    "lockRelease",
    "directory",
    "mailer",
    "site",
  ]),
  // Just after midnight UTC: the day before is complete, so its digest is final.
  daily("make-digest", 0, 5, ["trails", "caseQueue", "digests", "digestWrites"]),
  {
    kind: "method-fallback",
    name: "method-not-allowed",
    entry: entry("method-not-allowed"),
    ports: [],
  },
  // The trail's domain events to the EventBridge bus other systems subscribe to.
  {
    kind: "stream",
    name: "publish-events",
    entry: entry("publish-events"),
    ports: ["trails", "domainEvents"],
  },
  // Often enough that a stuck case is found within minutes of counting as stuck, rarely enough that
  // a run (an index query per in-flight status, one DescribeExecution per old case) is cheap.
  every("reconcile-cases", 5, [
    "cases",
    "caseWrites",
    "caseQueue",
    "approvals",
    "mailMarks",
    "directory",
    "mailer",
    "links",
    "site",
    "workflowStarts",
    "workflowRuns",
  ]),
  // Monitoring after approval: credit administration (or a system client) records a credit's snapshots.
  http("record-snapshot", "POST", "/loans/{caseId}/snapshots", "jwt", [
    "cases",
    "credits",
    "creditWrites",
    "directory",
  ]),
  http("record-snapshots", "POST", "/loans/snapshots", "jwt", [
    "cases",
    "credits",
    "creditWrites",
    "directory",
  ]),
  // People's actions on a credit (respond, clear, classify with four eyes, exit plan), and its view.
  http("credit-action", "POST", "/loans/{caseId}/actions/{action}", "jwt", [
    "credits",
    "creditWrites",
    "directory",
  ]),
  http("get-credit", "GET", "/loans/{caseId}", "jwt", ["credits", "directory"]),
  // The warning list and the classification reports: the approved cases through the status index, each credit folded.
  http("list-warnings", "GET", "/warnings", "jwt", ["caseQueue", "credits", "directory"]),
  http("classification-report", "GET", "/reports/classification", "jwt", [
    "caseQueue",
    "credits",
    "directory",
  ]),
];

export interface RoutePath {
  path: string;
  /** The methods the path's functions answer, sorted: the Allow header of a 405 there. */
  methods: HttpFunction["route"]["method"][];
  auth: Auth;
}

/** Every path of the HTTP API once, with its methods; all routes of one path share its authorization. */
export function routePaths(functions: readonly FunctionSpec[] = FUNCTIONS): RoutePath[] {
  const byPath = new Map<string, RoutePath>();
  for (const f of functions) {
    if (f.kind !== "http") continue;
    const { path, method, auth } = f.route;
    const known = byPath.get(path) ?? { path, methods: [], auth };
    if (known.auth !== auth) throw new Error(`routes of ${path} disagree on authorization`);
    known.methods = [...known.methods, method].sort();
    byPath.set(path, known);
  }
  return [...byPath.values()];
}

/** The environment variable that hands the 405 function its table of allowed methods per path. */
export const ROUTE_METHODS_ENV = ENV.routeMethods;

export function routeMethodsJson(): string {
  return JSON.stringify(Object.fromEntries(routePaths().map((p) => [p.path, p.methods])));
}

export const STATE_MACHINE_FILE = "statemachines/approval.asl.json";
export const STATE_MACHINE_NAME = "sme-credit-approval";

/** Replaces every ${Name} placeholder; an unknown or unused placeholder is a build error, not a runtime one. */
export function substitute(definition: string, values: Record<string, string>): string {
  const used = new Set<string>();
  const out = definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`no substitution for \${${name}} in the state machine definition`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`substitutions not used by the definition: ${unused.join(", ")}`);
  return out;
}
