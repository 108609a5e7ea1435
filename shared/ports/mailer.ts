/** Sends one email: SES in AWS, the .eml outbox locally. Both send the same MIME bytes. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
