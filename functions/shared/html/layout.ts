import { escapeHtml } from "./escape";

/** A plain, phone-first page: no script, no external assets (approvers open these from mail). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:16px;max-width:720px;color:#1c1c1c;line-height:1.45}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
table{border-collapse:collapse;width:100%}td,th{padding:6px 4px;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
th{font-weight:600;color:#555;width:45%}.num{font-variant-numeric:tabular-nums}
.notice{padding:12px;border-radius:6px;background:#f1f5fb;border:1px solid #c8d6ee}
.warn{background:#fff4e5;border-color:#f0c27b}.bad{background:#fdecec;border-color:#f1a7a7}.good{background:#ebf7ee;border-color:#9fd3ab}
textarea{width:100%;min-height:6rem;font:inherit;box-sizing:border-box}
.actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:12px}
button{font:inherit;padding:12px 18px;border-radius:6px;border:1px solid #888;background:#fff;min-width:7rem}
button.approve{background:#1f7a3a;color:#fff;border-color:#1f7a3a}button.decline{background:#b42318;color:#fff;border-color:#b42318}
ol.route li.done{color:#1f7a3a}ol.route li.current{font-weight:700}
ul.findings{padding-left:1.2rem}ul.findings li{margin:.3rem 0;overflow-wrap:anywhere}
</style></head><body>${body}</body></html>`;
}

export function notice(kind: "info" | "warn" | "bad" | "good", title: string, text: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p class="notice ${kind === "info" ? "" : kind}">${escapeHtml(text)}</p>`,
  );
}
