/** Names and ports of the embedded runtime, shared by `npm start` and the tools that talk to it. */

export const APP_TABLE = "sme-credit";
/** The local runtime's own tables: the mail outbox and the Step Functions engine's state. */
export const OUTBOX_TABLE = "local-outbox";
export const SFN_TABLE = "local-sfn";

export interface StackPorts {
  gateway: number;
  sfn: number;
  dynamo: number;
}

export const DEFAULT_PORTS: StackPorts = { gateway: 3000, sfn: 8083, dynamo: 8000 };
