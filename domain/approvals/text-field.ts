import { err, ok, type Result } from "../result";
import { firstUnsafeCharacter } from "../text";

/**
 * The longest comment an approver, or reason credit administration, may give: enough for reasons,
 * small enough for every page and mail that quotes it. The approval form's comment limit (2,000
 * characters); a test keeps the two equal until the runtime reads this one.
 */
export const COMMENT_MAX_CHARS = 2000;

/** Browsers send a textarea's line breaks as CRLF: one line break each, kept as LF; edges trimmed. */
export function normalizeText(raw: string): string {
  return raw.replace(/\r\n/g, "\n").trim();
}

/**
 * A free-text field of the approval forms (a comment, a reason), normalized; or the message to show
 * next to it. `requiredMessage` is what to say when it is empty and must not be (null: may be empty).
 */
export function checkTextField(
  raw: string,
  noun: "comment" | "reason",
  requiredMessage: string | null,
): Result<string, string> {
  const text = normalizeText(raw);
  if (text.length === 0 && requiredMessage !== null) return err(requiredMessage);
  if (text.length > COMMENT_MAX_CHARS)
    return err(`the ${noun} is limited to ${COMMENT_MAX_CHARS} characters (this one has ${text.length})`);
  const unsafe = firstUnsafeCharacter(text, "block");
  if (unsafe)
    return err(
      `the ${noun} may not contain control or bidirectional-formatting characters (found ${unsafe})`,
    );
  return ok(text);
}
