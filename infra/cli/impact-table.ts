import type { CodeChange, Impact, Move } from "../../domain";

const count = (n: number) => n.toLocaleString("en-US");

/** A decimal amount with thousands separators, kept exact (never through a JS number). */
function money(text: string): string {
  const [whole = "0", fraction] = text.replace(/^-/, "").split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${text.startsWith("-") ? "−" : ""}${grouped}${fraction === undefined ? "" : `.${fraction}`} CNY`;
}

const share = (part: number, whole: number) =>
  whole === 0 ? "" : ` (${((100 * part) / whole).toFixed(1)}%)`;

function moveRows(moves: Move[]): string[] {
  return moves.map((m) => `  ${`${m.from} → ${m.to}`.padEnd(30)}${count(m.count).padStart(8)}`);
}

function codeRows(label: string, codes: CodeChange[]): string[] {
  if (codes.length === 0) return [];
  return [
    `  ${label.padEnd(30)}${"gained".padStart(8)}${"lost".padStart(8)}`,
    ...codes.map((c) => `  ${c.code.padEnd(30)}${count(c.gained).padStart(8)}${count(c.lost).padStart(8)}`),
  ];
}

/** The impact as a person reads it: what changes, how often, and by how much. */
export function impactTable(impact: Impact, refused: number): string {
  const i = impact;
  const head = (title: string, text: string) => `${title.padEnd(20)}${text}`;
  return [
    `Impact of moving from ${i.from} to ${i.to}`,
    `${count(i.applications)} application(s) compared · ${count(i.changed)} outcome(s) change${share(i.changed, i.applications)}${refused > 0 ? ` · ${count(refused)} refused (see above)` : ""}`,
    "",
    head("Client grade", `${count(i.clientGrade.changed)} change`),
    ...moveRows(i.clientGrade.moves),
    head("Rating", `${count(i.rating.changed)} change`),
    ...moveRows(i.rating.moves),
    head("Max limit", `${count(i.maxLimit.up)} up · ${count(i.maxLimit.down)} down`),
    `  ${"total up".padEnd(14)}${money(i.maxLimit.totalUp).padStart(30)}`,
    `  ${"total down".padEnd(14)}${money(i.maxLimit.totalDown).padStart(30)}`,
    `  ${"net".padEnd(14)}${money(i.maxLimit.net).padStart(30)}`,
    head("Auto-decline", `${count(i.autoDecline.gained)} gained · ${count(i.autoDecline.lost)} lost`),
    head(
      "Exceptions",
      `${count(i.exceptions.applicationsGaining)} application(s) gain one · ${count(i.exceptions.applicationsLosing)} lose one`,
    ),
    ...codeRows("exception", i.exceptions.codes),
    head("Route", `${count(i.route.changed)} route(s) change`),
    ...codeRows("stage", i.route.stages),
    head(
      "Conditions",
      `${count(i.conditions.applicationsGaining)} application(s) gain one · ${count(i.conditions.applicationsLosing)} lose one`,
    ),
    ...codeRows("condition", i.conditions.codes),
  ].join("\n");
}
