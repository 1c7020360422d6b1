import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { CaseState, RecordedEvent } from "../../../domain";
import type { Ports } from "../../app/ports";
import { mayRead } from "../../app/workflow/queries";
import { identifyCaller } from "../identity";
import { problem } from "./responses";

/**
 * The case named in the path, if the caller may read it. A case the caller may not see answers 404
 * like a missing one, so its existence is not disclosed.
 */
export async function readableCase(
  deps: Pick<Ports, "cases" | "directory">,
  event: APIGatewayProxyEventV2,
): Promise<
  | { ok: true; state: CaseState; events: RecordedEvent[] }
  | { ok: false; response: APIGatewayProxyStructuredResultV2 }
> {
  const caller = identifyCaller(event, deps.directory);
  if (!caller) return { ok: false, response: problem(401, "UNAUTHENTICATED", "sign in to read cases") };
  const id = event.pathParameters?.id ?? "";
  const loaded = await deps.cases.load(id);
  if (!loaded || !mayRead(deps, loaded.state, caller)) {
    return { ok: false, response: problem(404, "NOT_FOUND", `no case ${id} visible to ${caller}`) };
  }
  return { ok: true, ...loaded };
}
