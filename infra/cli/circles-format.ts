import type { Circle } from "../../domain";

/** "1234567.50" → "1,234,567.50", from the decimal string itself (never through a JS number). */
export function groupedMoney(amount: string): string {
  const [whole = "0", fraction] = amount.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** One JSON object per circle: every member, guarantee and case, for machines. */
export function circlesJsonl(circles: readonly Circle[]): string {
  return circles
    .map((c, i) =>
      JSON.stringify({
        circle: i + 1,
        size: c.members.length,
        totalExposure: c.totalExposure,
        totalGuaranteed: c.totalGuaranteed,
        members: c.members,
        cases: c.cases,
        guarantees: c.guarantees,
      }),
    )
    .map((line) => `${line}\n`)
    .join("");
}

const SHOWN_MEMBERS = 8;

/** A table for people: one row per circle, the first members by name, amounts in CNY. */
export function circlesTable(
  circles: readonly Circle[],
  book: { parties: number; guarantees: number },
): string {
  const rows = circles.map((c, i) => {
    const more = c.members.length > SHOWN_MEMBERS ? ` … (+${c.members.length - SHOWN_MEMBERS})` : "";
    return [
      String(i + 1),
      String(c.members.length),
      groupedMoney(c.totalExposure),
      groupedMoney(c.totalGuaranteed),
      `${c.members.slice(0, SHOWN_MEMBERS).join(", ")}${more}`,
    ];
  });
  const header = ["#", "parties", "exposure (CNY)", "guaranteed (CNY)", "members"];
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? "").length)));
  const right = [true, true, true, true, false];
  const render = (cells: string[]) =>
    cells
      .map((cell, col) => (right[col] ? cell.padStart(widths[col] ?? 0) : cell))
      .join("  ")
      .trimEnd();
  const inCircles = circles.reduce((n, c) => n + c.members.length, 0);
  const summary = `${circles.length} guarantee circle(s), ${inCircles} of ${book.parties} parties, over ${book.guarantees} guarantees`;
  if (circles.length === 0)
    return `no guarantee circle: ${book.parties} parties, ${book.guarantees} guarantees\n`;
  return `${[render(header), ...rows.map(render), summary].join("\n")}\n`;
}
