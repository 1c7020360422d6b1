import { Ajv2020 } from "ajv/dist/2020.js";

/**
 * Checks real requests and responses against the OpenAPI document: the JSON Schema of the
 * operation's body or answer for that status (OpenAPI 3.1 schemas are JSON Schema 2020-12), with the
 * document's own components for its $refs. Each returns the problems, none when the body conforms.
 */
export function responseChecker(document: Record<string, unknown>) {
  const check = checkerAt(document);
  return (method: string, path: string, status: number, body: unknown): string[] =>
    check(
      operationPointer(method, path, `responses/${status}`),
      body,
      `JSON answer ${status} for ${method} ${path}`,
    );
}

export function requestChecker(document: Record<string, unknown>) {
  const check = checkerAt(document);
  return (method: string, path: string, body: unknown): string[] =>
    check(operationPointer(method, path, "requestBody"), body, `JSON request body for ${method} ${path}`);
}

const operationPointer = (method: string, path: string, part: string) =>
  `/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method.toLowerCase()}/${part}/content/application~1json/schema`;

function checkerAt(document: Record<string, unknown>) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(document, "openapi");
  return (pointer: string, body: unknown, what: string): string[] => {
    const validate = ajv.getSchema(`openapi#${pointer}`);
    if (!validate) return [`the document has no ${what}`];
    return validate(body)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || "(body)"} ${e.message ?? ""}`);
  };
}
