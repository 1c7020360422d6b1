import type { CreditView } from "../../app/monitoring/credit-view";
import { Badge, type Tone } from "./badge";
import { Facts } from "./facts";
import { Layout } from "./layout";
import { Money, readableAmounts } from "./money";
import { renderDocument } from "./render";
import { StackTable } from "./stack-table";
import { Time } from "./time";

const CURRENCY = "CNY";
const TIER_TONE: Record<string, Tone> = { blue: "info", yellow: "warn", red: "bad" };
const words = (code: string) => code.toLowerCase().replaceAll("_", " ");

function TierBadge({ tier }: { tier: string | null }) {
  return tier === null ? (
    <Badge tone="good">no warning</Badge>
  ) : (
    <Badge tone={TIER_TONE[tier] ?? "info"}>{tier}</Badge>
  );
}

const CSS = `
section{margin:0 0 1.25rem}
ul.plain{padding-left:1.1rem;margin:.25rem 0}
`;

/** A monitored credit for its readers: where it stands, what is owed, and its history. */
export function creditPage(v: CreditView): string {
  const w = v.warning;
  const title = `Credit ${v.borrowerName}`;
  return renderDocument(
    <Layout title={title} css={CSS}>
      <h1>{title}</h1>
      <p class="meta">
        {v.caseId} · branch {v.branch} · relationship manager {v.relationshipManager} · policy{" "}
        {v.policyVersion}
      </p>
      <section aria-labelledby="now">
        <h2 id="now">Now</h2>
        <Facts
          facts={[
            ["Warning", <TierBadge tier={v.tier} />],
            [
              "Response",
              w?.responseDueAt ? (
                <>
                  {words(v.responseStatus)}, due <Time iso={w.responseDueAt} />
                </>
              ) : (
                words(v.responseStatus)
              ),
            ],
            [
              "Response owed",
              v.responseOwed ? v.responseOwed.actions.map((a) => a.message).join("; ") : "none",
            ],
            ["Classification", `${words(v.classification.category)} (floor ${words(v.floor)})`],
            ["Proposal", v.proposal ? `${words(v.proposal.category)} by ${v.proposal.proposedBy}` : "none"],
            ["Limit", <Money amount={v.limit} currency={CURRENCY} />],
            [
              "Exit plan",
              v.exitPlan
                ? v.exitPlan.closedAt
                  ? "closed"
                  : `open (${words(v.exitPlan.reason)})`
                : v.exitPlanDue
                  ? `due (${words(v.exitPlanDue)})`
                  : "none",
            ],
          ]}
        />
      </section>
      <section aria-labelledby="covenants">
        <h2 id="covenants">Covenants</h2>
        {v.covenants.length === 0 ? (
          <p>none</p>
        ) : (
          <ul class="plain">
            {v.covenants.map((c) => (
              <li>
                {c.code}: {readableAmounts(c.message)}
                {c.receipts ? (
                  <>
                    {" "}
                    (at least <Money amount={c.receipts.minAmount} currency={CURRENCY} /> a year)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="snapshots">
        <h2 id="snapshots">Snapshots</h2>
        <StackTable
          columns={["As of", "Snapshot", "Days past due", "Tier", "Signals", "Floor"]}
          rows={[...v.snapshots]
            .reverse()
            .map((s) => [
              s.asOf,
              s.snapshotId,
              String(s.daysPastDue),
              <TierBadge tier={s.tier} />,
              s.signals.length === 0 ? "none" : s.signals.join(", "),
              words(s.floor),
            ])}
        />
      </section>
      <section aria-labelledby="tiers">
        <h2 id="tiers">Tier history</h2>
        <StackTable
          columns={["When", "Tier", "By", "Why"]}
          rows={v.tierHistory.map((t) => [<Time iso={t.at} />, <TierBadge tier={t.tier} />, t.by, t.why])}
        />
      </section>
      <section aria-labelledby="classifications">
        <h2 id="classifications">Classification history</h2>
        <StackTable
          columns={["When", "Category", "By", "Reason"]}
          rows={v.classificationHistory.map((c) => [
            <Time iso={c.at} />,
            `${words(c.category)} (floor ${words(c.floor)})`,
            `proposed ${c.proposedBy}, decided ${c.decidedBy}`,
            c.reason,
          ])}
        />
      </section>
    </Layout>,
  );
}
