/**
 * Prepares an ASL definition for aws-local-stepfunctions so it behaves as on AWS in the ways the
 * library does not: Task timeouts (the library defaults to 60 s and reads TimeoutSecondsPath from the
 * effective input, AWS from the state input) are taken over by the emulator, scaled by TIME_SCALE;
 * and every Task hands the emulator its raw state input, so a restart can resume at that state.
 */

export const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
export const LAMBDA_INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";
export const RAW_INPUT_KEY = "__emulatorStateInput";
export const TOKEN_PLACEHOLDER = "__emulatorTaskToken__";
/** The library arms a setTimeout with TimeoutSeconds × 1000; keep that below 2^31 ms. */
const LIBRARY_TIMEOUT_CEILING = 2_147_483;

export interface TaskInfo {
  resource: string;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
}

type StateDef = Record<string, unknown> & { Type?: string };
export interface Definition {
  StartAt: string;
  States: Record<string, StateDef>;
  [k: string]: unknown;
}

export function parseDefinition(text: string): Definition {
  const def = JSON.parse(text) as Definition;
  if (
    typeof def !== "object" ||
    def === null ||
    typeof def.StartAt !== "string" ||
    typeof def.States !== "object"
  ) {
    throw new Error("a definition needs StartAt and States");
  }
  for (const [name, st] of Object.entries(def.States)) {
    if (st.Type === "Map" || st.Type === "Parallel")
      throw new Error(`state ${name}: ${st.Type} is not supported by the local endpoint`);
  }
  return def;
}

export function prepare(
  def: Definition,
  startAt?: string,
): { definition: Definition; tasks: Record<string, TaskInfo> } {
  const copy = structuredClone(def);
  if (startAt !== undefined) copy.StartAt = startAt;
  const tasks: Record<string, TaskInfo> = {};
  for (const [name, st] of Object.entries(copy.States)) {
    if (st.Type !== "Task") continue;
    tasks[name] = {
      resource: String(st.Resource),
      ...(typeof st.TimeoutSeconds === "number" ? { timeoutSeconds: st.TimeoutSeconds } : {}),
      ...(typeof st.TimeoutSecondsPath === "string" ? { timeoutSecondsPath: st.TimeoutSecondsPath } : {}),
    };
    st.TimeoutSeconds = LIBRARY_TIMEOUT_CEILING;
    delete st.TimeoutSecondsPath;
    delete st.HeartbeatSeconds;
    delete st.HeartbeatSecondsPath;
    const params = (st.Parameters ?? {}) as Record<string, unknown>;
    st.Parameters = { ...params, [`${RAW_INPUT_KEY}.$`]: "$" };
  }
  return { definition: copy, tasks };
}

/** A reference path such as `$.wait.slaSeconds`, read from the state input. */
export function readPath(input: unknown, path: string): unknown {
  if (path === "$") return input;
  let cur: unknown = input;
  for (const key of path.replace(/^\$\.?/, "").split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((v) => replaceDeep(v, from, to));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceDeep(v, from, to)]));
  }
  return value;
}
