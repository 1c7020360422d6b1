import { writeFileSync } from "node:fs";
import { fromRoot } from "../infra/aws/paths";
import { openApiDocument } from "../infra/openapi/document";

/** Writes docs/openapi.json from the catalog and infra/openapi/routes.ts. */
writeFileSync(fromRoot("docs/openapi.json"), `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log("docs/openapi.json");
