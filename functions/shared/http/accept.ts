import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** A browser asks for HTML first; a machine (or no Accept header) gets JSON. */
export function wantsHtml(event: APIGatewayProxyEventV2): boolean {
  const accept = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === "accept")?.[1] ?? "";
  return accept.toLowerCase().includes("text/html");
}
