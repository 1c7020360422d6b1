/** Objects → CSV with the batch intake's column mapping (dotted fields, [n] for array elements). */

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      leaves(v, `${path}[${i}]`, out);
    });
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else {
    out.set(path, value === null ? "" : String(value));
  }
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function toCsv(rows: readonly unknown[]): string {
  const flat = rows.map((row) => {
    const out = new Map<string, string>();
    leaves(row, "", out);
    return out;
  });
  const headers: string[] = [];
  for (const row of flat) for (const h of row.keys()) if (!headers.includes(h)) headers.push(h);
  const lines = [headers, ...flat.map((row) => headers.map((h) => row.get(h) ?? ""))];
  return `${lines.map((cells) => cells.map(quote).join(",")).join("\r\n")}\r\n`;
}
