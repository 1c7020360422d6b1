import { parseApplication } from "../../domain";
import { PROBE_INPUT } from "./zod-probe-input";

/** Bundled by test/unit/bundles.test.ts as a Lambda is: prints what the application schema says of a bad input. */
process.stdout.write(JSON.stringify(parseApplication(PROBE_INPUT)));
