import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingEmail } from '../ports/mailer';

/** The raw RFC 5322 message: what SES sends and what the local outbox keeps as .eml. */
export async function composeMime(from: string, email: OutgoingEmail): Promise<{ raw: Buffer; messageId: string }> {
  const composer = new MailComposer({ from, to: email.to, subject: email.subject, text: email.text, html: email.html });
  const mail = composer.compile();
  const messageId = mail.messageId();
  const raw = await new Promise<Buffer>((resolve, reject) => mail.build((error, message) => (error ? reject(error) : resolve(message))));
  return { raw, messageId };
}
