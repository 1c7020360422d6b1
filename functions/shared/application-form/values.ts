import type { Application } from "../../../domain";
import type { InputProblem } from "../../../domain/application/parse";
import {
  BORROWER,
  CASH_AND_CHECKS,
  type FieldSpec,
  headGroup,
  ROW_GROUPS,
  ROW_KEYS,
  type RowKey,
} from "./fields";

/**
 * What the form holds: the text of every control by its name, and how many rows each list has.
 * Everything the person typed is kept as typed, so a refused form comes back exactly as it was sent.
 */
export interface FormState {
  values: Map<string, string>;
  rows: Record<RowKey, number>;
}

const ROWS_PREFIX = "rows.";

export function emptyForm(): FormState {
  return { values: new Map(), rows: { financials: 3, facilities: 1, collateral: 1, guarantors: 0 } };
}

/** Controls that are not fields: the CSRF token, the pressed button, the row counts. */
const NOT_FIELDS = new Set(["csrf", "action", "submitAction"]);

export function readFormState(form: URLSearchParams): FormState {
  const state = emptyForm();
  for (const key of ROW_KEYS) {
    const n = Number(form.get(`${ROWS_PREFIX}${key}`));
    const group = ROW_GROUPS[key];
    state.rows[key] = Number.isInteger(n) ? Math.min(Math.max(n, 0), group.max) : group.min;
  }
  for (const [name, value] of form) {
    if (!NOT_FIELDS.has(name) && !name.startsWith(ROWS_PREFIX)) state.values.set(name, value);
  }
  return state;
}

/** "add:facilities" adds a row; "remove:facilities:1" removes that row, moving the later ones up. */
export function applyRowAction(state: FormState, action: string): FormState {
  const [verb, key, index] = action.split(":");
  if (!ROW_KEYS.includes(key as RowKey)) return state;
  const group = ROW_GROUPS[key as RowKey];
  const rows = { ...state.rows };
  const values = new Map(state.values);
  if (verb === "add") {
    rows[group.key] = Math.min(rows[group.key] + 1, group.max);
    return { values, rows };
  }
  const at = Number(index);
  if (verb !== "remove" || !Number.isInteger(at) || at < 0 || at >= rows[group.key]) return state;
  for (let i = at; i < rows[group.key]; i++) {
    for (const f of group.fields) {
      const next = state.values.get(`${group.key}.${i + 1}.${f.key}`);
      if (next === undefined) values.delete(`${group.key}.${i}.${f.key}`);
      else values.set(`${group.key}.${i}.${f.key}`, next);
    }
  }
  rows[group.key] -= 1;
  return { values, rows };
}

/** Amounts may be typed with thousands separators ("11,000,000.00"); the contract's strings have none. */
function fieldValue(spec: FieldSpec, raw: string | undefined): unknown {
  const text = raw ?? "";
  const trimmed = text.trim();
  switch (spec.type.kind) {
    case "bool":
      return raw === "true";
    case "int":
      if (trimmed === "") return undefined;
      return /^-?\d{1,15}$/.test(trimmed) ? Number(trimmed) : trimmed;
    case "money":
      return trimmed.replace(/[,\s]/g, "") === "" ? undefined : trimmed.replace(/[,\s]/g, "");
    case "ratio":
    case "choice":
      return trimmed === "" ? undefined : trimmed;
    case "list":
      return trimmed
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    case "text":
      return text;
  }
}

function isEmpty(spec: FieldSpec, raw: string | undefined): boolean {
  return spec.type.kind !== "bool" && (raw ?? "").trim() === "";
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) node[last] = value;
}

function putField(
  out: Record<string, unknown>,
  spec: FieldSpec,
  name: string,
  raw: string | undefined,
): void {
  if (isEmpty(spec, raw) && spec.optional) return;
  const value = isEmpty(spec, raw) && spec.nullable ? null : fieldValue(spec, raw);
  if (value !== undefined) setPath(out, name.split("."), value);
}

/**
 * The application the form describes, for the application schema to judge: nothing is checked
 * here (an empty amount stays missing, a word in a number field stays a word), so the form shows the
 * same problems in the same words as the JSON API.
 */
export function toApplicationInput(state: FormState, submittedBy: string): unknown {
  const out: Record<string, unknown> = { submittedBy };
  for (const spec of [...headGroup([]).fields, ...BORROWER.fields, ...CASH_AND_CHECKS.fields])
    putField(out, spec, spec.key, state.values.get(spec.key));
  for (const key of ROW_KEYS) {
    const group = ROW_GROUPS[key];
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < state.rows[key]; i++) {
      const row: Record<string, unknown> = {};
      for (const spec of group.fields)
        putField(row, spec, spec.key, state.values.get(`${key}.${i}.${spec.key}`));
      rows.push(row);
    }
    out[key] = rows;
  }
  return out;
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** The form filled with an application (a draft, or the last version of a returned case). */
export function fromApplication(app: Application): FormState {
  const state = emptyForm();
  const flat = (prefix: string, obj: object) => {
    for (const [k, v] of Object.entries(obj)) {
      const name = prefix === "" ? k : `${prefix}.${k}`;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) flat(name, v);
      else state.values.set(name, typeof v === "boolean" ? (v ? "true" : "") : textOf(v));
    }
  };
  const { financials, facilities, collateral, guarantors, ...rest } = app;
  flat("", rest);
  const lists: Record<RowKey, readonly object[]> = { financials, facilities, collateral, guarantors };
  for (const key of ROW_KEYS) {
    state.rows[key] = lists[key].length;
    lists[key].forEach((row, i) => {
      for (const [k, v] of Object.entries(row))
        state.values.set(`${key}.${i}.${k}`, typeof v === "boolean" ? (v ? "true" : "") : textOf(v));
    });
  }
  return state;
}

/** `$.financials[0].revenue` → `financials.0.revenue`: the control the problem belongs to. */
export function controlName(path: string): string {
  return path
    .replace(/^\$\.?/, "")
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/^\./, "");
}

export function problemsByControl(problems: readonly InputProblem[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (const p of problems) {
    const name = controlName(p.path);
    byName.set(name, byName.has(name) ? `${byName.get(name)}; ${p.message}` : p.message);
  }
  return byName;
}

/** The hidden control that keeps a saved draft's id through previews and re-saves. */
export const DRAFT_ID_FIELD = "draftId";
export const DRAFT_ID = /^DRAFT-[A-Za-z0-9-]{1,64}$/;

/** A form state as stored in a draft: the controls by name and the row counts. */
export function formToJson(state: FormState): string {
  return JSON.stringify({ values: [...state.values], rows: state.rows });
}

/** A stored draft back into a form; anything unreadable in it is left out, never trusted. */
export function formFromJson(text: string): FormState {
  const form = new URLSearchParams();
  try {
    const parsed = JSON.parse(text) as { values?: unknown; rows?: Record<string, unknown> };
    if (Array.isArray(parsed.values))
      for (const pair of parsed.values)
        if (Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string")
          form.append(pair[0], pair[1]);
    for (const key of ROW_KEYS) form.set(`rows.${key}`, String(parsed.rows?.[key] ?? ""));
  } catch {
    // An unreadable draft opens as an empty form rather than failing the page.
  }
  return readFormState(form);
}
