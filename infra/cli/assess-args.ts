import { type ParseArgsConfig, parseArgs } from "node:util";
import type { PolicyRegistry } from "../../domain";

/** What `npm run assess` was asked to do, every argument checked before any input is read. */
export type AssessCommand =
  | { kind: "help" }
  | { kind: "one"; file: string; policyId: string }
  | { kind: "batch"; file: string; policyId: string }
  | {
      kind: "compare";
      fromId: string;
      toId: string;
      source: { file: string } | { cases: true };
      format: "table" | "json";
    };

/** A usage error: one line naming the problem; the CLI prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** Whether pointing at --help helps (a wrong argument), or the line says all (an unreadable file). */
  constructor(
    message: string,
    readonly pointToHelp = true,
  ) {
    super(message);
  }
}

export function usage(policies: PolicyRegistry): string {
  const known = policies
    .ids()
    .map((id) => {
      const notes = [
        ...(id === policies.defaultId ? ["default"] : []),
        ...(policies.get(id).data.whatIf ? ["what-if"] : []),
      ];
      return notes.length > 0 ? `${id} (${notes.join(", ")})` : id;
    })
    .join(", ");
  return `usage: npm run --silent assess -- [options] FILE|-
  FILE|-                         one application (JSON) → one assessment
  --batch FILE.jsonl|-           one application per line → one assessment per line, in order, streamed
  --compare OLD_ID FILE.jsonl|-  the impact on a batch of moving from policy OLD_ID to --policy
  --compare OLD_ID --cases       … on the latest application of every case in the store
                                 (the running \`npm start\` by default; on AWS set TABLE_NAME)
options:
  --policy POLICY_ID             the policy to assess under (default ${policies.defaultId})
  --format table|json            the impact as a table (default) or as JSON; with --compare only
  --help                         this text
policies: ${known}
exit code: 0 done, 1 some input was refused (reported in place), 2 usage error`;
}

/** node:util's parse errors span several lines; the CLI owes its user one line naming the option. */
export function oneLine(error: Error & { code?: string }): string {
  const option = /'(--?[^' ]+)/.exec(error.message)?.[1] ?? "an option";
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${option}`;
  if (/does not take an argument/.test(error.message)) return `${option} takes no value`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return `${option} needs a value`;
  return error.message.split("\n")[0] ?? error.message;
}

/** node:util's parseArgs, strict, with positionals; a parse error becomes a one-line usage error. */
export function parseStrict<const O extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: O,
) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(oneLine(error as Error & { code?: string }));
  }
}

/** The one input file a command reads (undefined when none is given); several is a usage error. */
export function oneInput(command: string, positionals: readonly string[], what: string): string | undefined {
  if (positionals.length > 1) {
    throw new UsageError(
      `${command} reads one input, got ${positionals.length} (${positionals.join(" ")}): put the ${what} in one JSONL file, one per line, and use --batch`,
    );
  }
  return positionals[0];
}

function knownPolicy(id: string, what: string, policies: PolicyRegistry): string {
  if (!policies.has(id))
    throw new UsageError(`unknown policy "${id}" (${what}): known policies are ${policies.ids().join(", ")}`);
  return id;
}

export function parseAssessArgs(argv: string[], policies: PolicyRegistry): AssessCommand {
  const { values, positionals } = parseStrict(argv, {
    batch: { type: "boolean" },
    policy: { type: "string" },
    compare: { type: "string" },
    cases: { type: "boolean" },
    format: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return { kind: "help" };

  const policyId = knownPolicy(values.policy ?? policies.defaultId, "--policy", policies);
  const file = oneInput("assess", positionals, "applications");

  if (values.compare === undefined) {
    if (values.cases) throw new UsageError("--cases reads the store for --compare only");
    if (values.format !== undefined) throw new UsageError("--format applies to --compare only");
    if (file === undefined)
      throw new UsageError("no input: give a FILE, - for standard input, or --batch FILE.jsonl");
    return { kind: values.batch ? "batch" : "one", file, policyId };
  }

  const fromId = knownPolicy(values.compare, "--compare", policies);
  const format = values.format ?? "table";
  if (format !== "table" && format !== "json")
    throw new UsageError(`--format must be table or json, got ${format}`);
  if (values.cases && file !== undefined)
    throw new UsageError(`--cases reads the store: give no FILE with it (got ${file})`);
  if (!values.cases && file === undefined)
    throw new UsageError("--compare needs a FILE.jsonl (- for standard input) or --cases");
  return {
    kind: "compare",
    fromId,
    toId: policyId,
    source: file === undefined ? { cases: true } : { file },
    format,
  };
}
