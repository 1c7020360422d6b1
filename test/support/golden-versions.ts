/**
 * The every-version golden: a fixed set of applications (generated and edge-case) and the bytes each
 * registered policy version gave for them when the file was written. Stored brotli-compressed, one
 * file for the inputs and one for the outputs, the outputs interleaved (each application under every
 * version in turn) so that near-identical lines compress together.
 *
 * The policy's content hash is pinned by versions/released.json, not here: in the golden it stands
 * as HASH, so that the golden pins what the assessment computes and nothing else.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { assessApplication, getPolicy, serializeAssessment } from "../../domain";

export const GOLDEN_DIR = join(import.meta.dirname, "..", "fixtures", "golden");
const INPUT = join(GOLDEN_DIR, "all-versions.input.jsonl.br");
const OUTPUT = join(GOLDEN_DIR, "all-versions.output.tsv.br");
const HASH = "HASH";

/** One line of the golden output: the version, a tab, the assessment's bytes with HASH for its hash. */
export function goldenLine(versionId: string, input: string): string {
  const policy = getPolicy(versionId);
  const outcome = assessApplication(JSON.parse(input), policy);
  if (!outcome.ok) throw new Error(`golden input refused: ${JSON.stringify(outcome.errors)}`);
  const bytes = serializeAssessment(outcome.assessment);
  const hashed = `"policyHash":${JSON.stringify(policy.hash)}`;
  if (!bytes.includes(hashed)) throw new Error(`assessment without the hash of ${versionId}`);
  return `${versionId}\t${bytes.replace(hashed, `"policyHash":"${HASH}"`)}`;
}

const unpack = (file: string) => brotliDecompressSync(readFileSync(file)).toString("utf8").split("\n");

export function readGolden(): { inputs: string[]; lines: string[] } {
  return { inputs: unpack(INPUT), lines: unpack(OUTPUT) };
}

export function writeGolden(inputs: string[], lines: string[]): void {
  const pack = (text: string) =>
    brotliCompressSync(Buffer.from(text), {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
      },
    });
  writeFileSync(INPUT, pack(inputs.join("\n")));
  writeFileSync(OUTPUT, pack(lines.join("\n")));
}
