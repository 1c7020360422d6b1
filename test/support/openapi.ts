import { Ajv2020 } from "ajv/dist/2020.js";

/**
 * Checks real responses against the OpenAPI document: the JSON Schema of the operation's answer for
 * that status (OpenAPI 3.1 schemas are JSON Schema 2020-12), with the document's own components for
 * its $refs. Returns the problems, none when the body conforms.
 */
export function responseChecker(document: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(document, "openapi");
  return (method: string, path: string, status: number, body: unknown): string[] => {
    const pointer = `/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const validate = ajv.getSchema(`openapi#${pointer}`);
    if (!validate) return [`the document has no JSON answer ${status} for ${method} ${path}`];
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? ""}`);
  };
}
