import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { stringify } from "csv-stringify/sync";
import { classificationReportFor, reportNames } from "../app/monitoring/reports";
import { classificationReportPage } from "../shared/html/monitoring-lists";
import { BANK_TIME_ZONE } from "../shared/html/time-zone";
import { wantsHtml } from "../shared/http/accept";
import { httpErrors } from "../shared/http/errors";
import { html, json, problem } from "../shared/http/responses";
import { identifyCaller } from "../shared/identity";
import { caseQueue } from "../wiring/case-queue";
import { systemClock } from "../wiring/clock";
import { creditReader } from "../wiring/credits";
import { directory } from "../wiring/directory";
import { observe } from "../wiring/observe";

const observed = observe("classification-report");
const deps = {
  caseQueue: caseQueue(),
  credits: creditReader(),
  directory: directory(),
  ...systemClock,
  telemetry: observed.telemetry,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * GET /reports/classification?report=R&date=YYYY-MM-DD[&format=csv]: the credits a classification
 * report lists as of the end of that day in the bank's zone (today by default), from their trails.
 */
async function lambdaHandler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return problem(401, "UNAUTHENTICATED", "sign in to read reports");
  const q = event.queryStringParameters ?? {};
  const names = reportNames();
  const report = q.report ?? names[0] ?? "";
  if (!names.includes(report))
    return problem(400, "UNKNOWN_REPORT", `report must be one of ${names.join(", ")}`, [
      { path: "report", message: `must be one of ${names.join(", ")}` },
    ]);
  // Today in the bank's zone (en-CA formats as YYYY-MM-DD): in Shanghai the day starts 8 hours before UTC's.
  const date = q.date ?? new Intl.DateTimeFormat("en-CA", { timeZone: BANK_TIME_ZONE }).format(deps.now());
  if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)))
    return problem(400, "BAD_DATE", "date must be a day such as 2026-11-30", [
      { path: "date", message: "must be a day such as 2026-11-30" },
    ]);
  const out = await classificationReportFor(deps, caller, report, date, BANK_TIME_ZONE);
  if (q.format === "csv")
    return {
      statusCode: 200,
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${report}-${date}.csv"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
      body: stringify(out.rows as unknown as Record<string, unknown>[], {
        header: true,
        columns: [
          "creditId",
          "borrowerName",
          "branch",
          "relationshipManager",
          "category",
          "decidedAt",
          "tier",
          "limit",
        ],
      }),
    };
  return wantsHtml(event) ? html(200, classificationReportPage(report, date, out.rows)) : json(200, out);
}

export const handler = middy(lambdaHandler).use(observed.middleware()).use(httpErrors(observed.telemetry));
