export type { Rounding } from "./digits";
export { Exact, ZERO } from "./exact";
export { minOf, moneyDown, moneyUp, percentText, ratioText, sumOf } from "./report";
