import { CodedError } from "../../domain/errors";
import { firstUnsafeCharacter, showUnsafeCharacters } from "../../domain/text";
import type { MailMessage } from "../app/ports";

/**
 * Every adapter sends what this returns, so the outbox and SES refuse the same mails and neutralise
 * the same characters: whatever a caller composed, no control character reaches a header (the
 * subject becomes one line; CR/LF there would let a value add headers such as Bcc), and the bodies
 * keep their line breaks but show NUL, stray CRs and bidi overrides as `[U+202E]` instead of applying them.
 */
export function sendableMail(msg: MailMessage): MailMessage {
  if (msg.to.length === 0) throw new CodedError("MAIL_INVALID", "a mail needs at least one recipient");
  if (msg.to.some((address) => !address.includes("@") || firstUnsafeCharacter(address, "line"))) {
    throw new CodedError("MAIL_INVALID", `not an e-mail address: ${msg.to.join(", ")}`);
  }
  if (msg.subject.trim() === "") throw new CodedError("MAIL_INVALID", "a mail needs a subject");
  return {
    ...msg,
    to: [...msg.to],
    subject: showUnsafeCharacters(msg.subject, "line"),
    text: showUnsafeCharacters(msg.text, "block"),
    html: showUnsafeCharacters(msg.html, "block"),
  };
}
