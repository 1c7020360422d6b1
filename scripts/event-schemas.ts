import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { domainEventJsonSchemas } from "../domain/events/schemas";
import { fromRoot } from "../infra/aws/paths";

/** Writes docs/events/<Type>.schema.json from the schemas in domain/events/schemas.ts. */
const dir = fromRoot("docs/events");
mkdirSync(dir, { recursive: true });
for (const [type, schema] of Object.entries(domainEventJsonSchemas())) {
  writeFileSync(join(dir, `${type}.schema.json`), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`docs/events/${type}.schema.json`);
}
