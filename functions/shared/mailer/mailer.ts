import { firstUnsafeCharacter, showUnsafeCharacters } from "../../../domain/text";

/** One e-mail as the workflow composes it; both parts are always sent so any mail client can show it. */
export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** Delivery metadata (SES message tags) for tracing a mail back to a case; never shown to the reader. */
  tags?: Record<string, string>;
}

export interface Mailer {
  send(msg: MailMessage): Promise<{ messageId: string }>;
}

export type MailerErrorCode =
  | "MAILER_CONFIG_INVALID"
  | "MAIL_REJECTED"
  | "MAIL_INVALID"
  | "OUTBOX_ITEM_INVALID";

export class MailerError extends Error {
  override readonly name = "MailerError";
  constructor(
    readonly code: MailerErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Every adapter sends what this returns, so the outbox and SES refuse the same mails and neutralise
 * the same characters: whatever a caller composed, no control character reaches a header (the
 * subject becomes one line; CR/LF there would let a value add headers such as Bcc), and the bodies
 * keep their line breaks but show NUL, stray CRs and bidi overrides as `[U+202E]` instead of applying them.
 */
export function sendableMail(msg: MailMessage): MailMessage {
  if (msg.to.length === 0) throw new MailerError("MAIL_INVALID", "a mail needs at least one recipient");
  if (msg.to.some((address) => !address.includes("@") || firstUnsafeCharacter(address, "line"))) {
    throw new MailerError("MAIL_INVALID", `not an e-mail address: ${msg.to.join(", ")}`);
  }
  if (msg.subject.trim() === "") throw new MailerError("MAIL_INVALID", "a mail needs a subject");
  return {
    ...msg,
    to: [...msg.to],
    subject: showUnsafeCharacters(msg.subject, "line"),
    text: showUnsafeCharacters(msg.text, "block"),
    html: showUnsafeCharacters(msg.html, "block"),
  };
}
