/** Post-loan monitoring: snapshot → warning, and the rules the warning workflow enforces on a credit. */
export { evaluateSnapshot, serializeWarning } from "./evaluate";
export { classificationFloor } from "./floor";
export { parseSnapshot } from "./parse";
export { hasMonitoring, monitoringOf } from "./policy";
export { type MonitorOutcome, monitorSnapshot } from "./run";
export { type EvaluationContext, signalsOf } from "./signals";
export { type Snapshot, snapshotSchema } from "./snapshot-schema";
export { responseDays, tierOf } from "./tier";
export * from "./types";
