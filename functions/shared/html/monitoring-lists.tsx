import type { ClassificationRow, WarningRow } from "../../../domain/monitoring";
import { Badge, type Tone } from "./badge";
import { Layout } from "./layout";
import { Money } from "./money";
import { renderDocument } from "./render";
import { StackTable } from "./stack-table";
import { Time } from "./time";

const TIER_TONE: Record<string, Tone> = { blue: "info", yellow: "warn", red: "bad" };
const words = (code: string) => code.toLowerCase().replaceAll("_", " ");
const tier = (t: string | null) => (t === null ? "none" : <Badge tone={TIER_TONE[t] ?? "info"}>{t}</Badge>);
const when = (iso: string | null) => (iso === null ? "—" : <Time iso={iso} />);

/** The warning list: one row per credit on it, the nearest open deadline first. */
export function warningsPage(rows: readonly WarningRow[]): string {
  return renderDocument(
    <Layout title="Warnings">
      <h1>Warnings</h1>
      <p class="meta">Credits with an open warning or classification window, nearest deadline first.</p>
      {rows.length === 0 ? (
        <p>No credit is on the warning list.</p>
      ) : (
        <StackTable
          columns={["Credit", "Tier", "Response", "Next deadline", "Classify by"]}
          rows={rows.map((r) => [
            <a href={`/loans/${encodeURIComponent(r.creditId)}`}>{r.borrowerName}</a>,
            tier(r.tier),
            // One element: a stacked cell lays out its children as separate items on a phone.
            r.responseDueAt ? (
              <span>
                {words(r.response)}, due {when(r.responseDueAt)}
              </span>
            ) : (
              words(r.response)
            ),
            when(r.nextDeadline),
            when(r.classificationDueAt),
          ])}
        />
      )}
    </Layout>,
  );
}

/** A classification report: the credits classified its category or worse, worst first. */
export function classificationReportPage(
  report: string,
  date: string,
  rows: readonly ClassificationRow[],
): string {
  const title = `${words(report)} as of ${date}`;
  return renderDocument(
    <Layout title={title}>
      <h1>{title.charAt(0).toUpperCase() + title.slice(1)}</h1>
      <p class="meta">
        <a href={`?report=${encodeURIComponent(report)}&date=${encodeURIComponent(date)}&format=csv`}>CSV</a>
      </p>
      {rows.length === 0 ? (
        <p>No credit is classified within this report.</p>
      ) : (
        <StackTable
          columns={["Credit", "Category", "Tier", "Limit", "Branch"]}
          rows={rows.map((r) => [
            <a href={`/loans/${encodeURIComponent(r.creditId)}`}>{r.borrowerName}</a>,
            words(r.category),
            tier(r.tier),
            <Money amount={r.limit} currency="CNY" />,
            r.branch,
          ])}
        />
      )}
    </Layout>,
  );
}
