import type { z } from "zod";

/**
 * CSV columns of a nested application: each header is a path into the application schema, with
 * dots between fields and [n] for the n-th array element (from 0), e.g. `borrower.name`,
 * `financials[0].revenue`, `facilities[1].amount`, `guarantors[0].guaranteedBy[1]`. The schema
 * says what a cell becomes: numbers and booleans (`true`/`false`) are converted, money stays a
 * decimal string, an empty cell is an absent field (null for a nullable one, e.g. `borrower.clusterId`).
 */
export type Segment = string | number;

export interface Column {
  header: string;
  path: Segment[];
  kind: "string" | "number" | "boolean";
  nullable: boolean;
}

/** The largest array index a header may name: more than any array of the application may hold. */
const MAX_INDEX = 999;

interface Def {
  type: string;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
}

const defOf = (schema: z.core.$ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/nullable/default/pipe wrappers; says whether null is accepted. */
function unwrap(schema: z.core.$ZodType): { schema: z.core.$ZodType; nullable: boolean; optional: boolean } {
  let nullable = false;
  let optional = false;
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === "nullable") nullable = true;
    if (def.type === "optional" || def.type === "default") optional = true;
    const inner = def.type === "pipe" ? def.in : def.innerType;
    if (
      !inner ||
      !["nullable", "optional", "default", "readonly", "nonoptional", "catch", "pipe"].includes(def.type)
    )
      return { schema: current, nullable, optional };
    current = inner;
  }
}

function parseHeader(header: string): Segment[] | null {
  const path: Segment[] = [];
  for (const part of header.split(".")) {
    const m = /^([A-Za-z][A-Za-z0-9]*)((?:\[\d{1,3}\])*)$/.exec(part);
    if (!m?.[1]) return null;
    path.push(m[1]);
    for (const index of (m[2] ?? "").matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

/** The column a header names, or why it names none. */
export function columnOf(schema: z.core.$ZodType, header: string): Column | string {
  const path = parseHeader(header);
  if (!path) return `column "${header}" is not a field path such as borrower.name or facilities[0].amount`;
  let current = unwrap(schema);
  for (const segment of path) {
    const def = defOf(current.schema);
    if (
      def.type === "object" &&
      typeof segment === "string" &&
      def.shape &&
      Object.hasOwn(def.shape, segment)
    ) {
      current = unwrap(def.shape[segment] as z.core.$ZodType);
    } else if (def.type === "array" && typeof segment === "number" && def.element && segment <= MAX_INDEX) {
      current = unwrap(def.element);
    } else {
      return `column "${header}" is not a field of the application`;
    }
  }
  const type = defOf(current.schema).type;
  const kind =
    type === "number"
      ? "number"
      : type === "boolean"
        ? "boolean"
        : ["string", "enum", "literal"].includes(type)
          ? "string"
          : null;
  if (!kind) return `column "${header}" names a group of fields, not one value: name its fields`;
  return { header, path, kind, nullable: current.nullable };
}

/** The value of one cell for its column; undefined leaves the field out. */
export function cellValue(column: Column, cell: string): unknown {
  if (cell === "") return column.nullable ? null : undefined;
  if (column.kind === "number" && /^-?\d+(\.\d+)?$/.test(cell)) return Number(cell);
  if (column.kind === "boolean" && /^(true|false)$/i.test(cell)) return cell.toLowerCase() === "true";
  return cell;
}

/** Writes a value at a path, creating the objects and arrays on the way. */
export function setAt(target: Record<string, unknown>, path: readonly Segment[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      node[segment] = value;
      return;
    }
    const next = path[i + 1];
    if (node[segment] === undefined) node[segment] = typeof next === "number" ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
}

/**
 * Required arrays no cell filled are empty arrays (a row without collateral columns has no collateral);
 * holes left by skipped indices become undefined elements, which the schema reports by path.
 */
export function completeArrays(schema: z.core.$ZodType, value: unknown): void {
  const def = defOf(unwrap(schema).schema);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) value[i] = undefined;
      else if (def.element) completeArrays(def.element, value[i]);
    }
    return;
  }
  if (def.type !== "object" || !def.shape || value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(def.shape)) {
    const inner = unwrap(field);
    if (record[key] === undefined && !inner.optional && defOf(inner.schema).type === "array")
      record[key] = [];
    else if (record[key] !== undefined) completeArrays(field, record[key]);
  }
}
