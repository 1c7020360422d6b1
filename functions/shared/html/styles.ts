/**
 * One style sheet for every page, inline (pages load nothing else: approvers open them from mail,
 * and the policy allows no external asset). Phone first: the base rules are for a 390 px screen;
 * wider screens only get more room. Long unbroken values (ids, comments) wrap instead of widening
 * the page; a table that still cannot fit scrolls inside its own box, never the page. Colours keep a contrast of at least 4.5:1 against their background.
 */
export const KIT_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;padding:16px;max-width:720px;color:#1c1c1c;background:#fff;line-height:1.45;overflow-wrap:break-word}
h1{font-size:1.3rem;margin:.2rem 0 1rem}h2{font-size:1.05rem;margin:1.4rem 0 .5rem}
table{border-collapse:collapse;width:100%}td,th{padding:6px 4px;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
th{font-weight:600;color:#555}
.money{white-space:nowrap;font-variant-numeric:tabular-nums}
time{white-space:nowrap}
.meta{color:#555;font-size:.9rem}
.notice{padding:12px;border-radius:6px;background:#f1f5fb;border:1px solid #c8d6ee}
.notice.warn{background:#fff4e5;border-color:#f0c27b}.notice.bad{background:#fdecec;border-color:#f1a7a7}.notice.good{background:#ebf7ee;border-color:#9fd3ab}
.pill{display:inline-block;padding:0 8px;border-radius:999px;border:1px solid;font-size:.85rem;font-weight:600;white-space:nowrap}
.pill.info{color:#1f4f9a;background:#f1f5fb;border-color:#c8d6ee}.pill.good{color:#145c2b;background:#ebf7ee;border-color:#9fd3ab}
.pill.warn{color:#7a4a00;background:#fff4e5;border-color:#f0c27b}.pill.bad{color:#9b1c12;background:#fdecec;border-color:#f1a7a7}
dl.facts{margin:0}dl.facts>div{display:grid;grid-template-columns:minmax(0,1fr);border-bottom:1px solid #e3e3e3;padding:6px 4px}
dl.facts dt{font-weight:600;color:#555}dl.facts dd{margin:0;font-variant-numeric:tabular-nums}
table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
table.stack tr{display:block;border-bottom:1px solid #e3e3e3;padding:4px 0}
.table-scroll{overflow-x:auto}
table.stack td{display:grid;grid-template-columns:6.5rem minmax(0,1fr);gap:8px;border:0;padding:2px 4px}
table.stack td::before{content:attr(data-label);font-weight:600;color:#555}
.field{margin:12px 0}.field label{display:block;font-weight:600;margin-bottom:4px}
.field .hint{color:#555;margin:0 0 4px}.field .error{color:#9b1c12;font-weight:600;margin:0 0 4px}
.field.invalid textarea,.field.invalid input{border-color:#b42318;border-width:2px}
textarea,input{font:inherit;width:100%;padding:8px;border:1px solid #767676;border-radius:6px}
textarea{min-height:6rem}
.actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:12px}
button{font:inherit;padding:12px 18px;border-radius:6px;border:1px solid #767676;background:#fff;color:#1c1c1c;min-width:7rem}
button.approve{background:#1f7a3a;color:#fff;border-color:#1f7a3a}button.decline{background:#b42318;color:#fff;border-color:#b42318}
@media (min-width:600px){
dl.facts>div{grid-template-columns:minmax(10rem,40%) minmax(0,1fr);gap:8px}
table.stack thead{position:static;width:auto;height:auto;overflow:visible;clip-path:none}
table.stack tr{display:table-row;border:0;padding:0}
table.stack td{display:table-cell;border-bottom:1px solid #e3e3e3;padding:6px 4px}
table.stack td::before{content:none}
}
`;
