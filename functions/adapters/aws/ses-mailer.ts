import { type MessageTag, type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { CodedError } from "../../../domain/errors";
import type { MailerPort } from "../../app/ports";
import { sendableMail } from "../sendable-mail";

export interface SesDeps {
  client: SESv2Client;
  /** A verified SES identity; approvers see it as the sender. */
  from: string;
  configurationSet?: string;
}

/** SES accepts tag names and values of ASCII letters, digits, `_` and `-` only; anything else is replaced, not rejected. */
function sesTags(tags: Record<string, string> | undefined): MessageTag[] | undefined {
  if (!tags) return undefined;
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);
  return Object.entries(tags).map(([Name, Value]) => ({ Name: clean(Name), Value: clean(Value) }));
}

/** Port `mailer` on AWS: SES v2, from the stack's verified identity. */
export function createSesMailer({ client, from, configurationSet }: SesDeps): MailerPort {
  return {
    async send(composed) {
      const msg = sendableMail(composed);
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: msg.to },
          Content: {
            Simple: {
              Subject: { Data: msg.subject, Charset: "UTF-8" },
              Body: {
                Text: { Data: msg.text, Charset: "UTF-8" },
                Html: { Data: msg.html, Charset: "UTF-8" },
              },
            },
          },
          EmailTags: sesTags(msg.tags),
          ConfigurationSetName: configurationSet,
        }),
      );
      if (!out.MessageId)
        throw new CodedError("MAIL_REJECTED", "SES accepted the request but returned no MessageId");
      return { messageId: out.MessageId };
    },
  };
}
