import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../ports/mailer';
import { composeMime } from './mime';

export function sesMailer(from: string, client = new SESv2Client({})): Mailer {
  return {
    async send(email) {
      const { raw } = await composeMime(from, email);
      const result = await client.send(new SendEmailCommand({ FromEmailAddress: from, Content: { Raw: { Data: raw } } }));
      return { messageId: result.MessageId ?? '' };
    },
  };
}
