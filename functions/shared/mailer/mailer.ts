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

/** Checked before any adapter acts, so the outbox and SES refuse the same mails. */
export function assertSendable(msg: MailMessage): void {
  if (msg.to.length === 0) throw new MailerError("MAIL_INVALID", "a mail needs at least one recipient");
  if (msg.to.some((address) => !address.includes("@"))) {
    throw new MailerError("MAIL_INVALID", `not an e-mail address: ${msg.to.join(", ")}`);
  }
  if (msg.subject.trim() === "") throw new MailerError("MAIL_INVALID", "a mail needs a subject");
}
