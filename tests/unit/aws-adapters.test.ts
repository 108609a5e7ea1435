import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { s3BlobStore } from '../../shared/adapters/s3-blob-store';
import { sesMailer } from '../../shared/adapters/ses-mailer';

// S3 and SES have file-based stand-ins under `npm start`; their AWS adapters are checked here against mocked clients.
describe('SES mailer', () => {
  const ses = mockClient(SESv2Client);
  beforeEach(() => ses.reset());

  it('sends the same raw MIME message the local outbox keeps, from the configured sender', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const mailer = sesMailer('CRM <crm@example.com>', ses as unknown as SESv2Client);
    await expect(mailer.send({ to: 'rep@example.com', subject: 'Žurno: export ready', text: 'Hello <b>' })).resolves.toEqual({ messageId: 'm-1' });
    const input = ses.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.FromEmailAddress).toBe('CRM <crm@example.com>');
    const raw = Buffer.from(input.Content!.Raw!.Data!).toString('utf8');
    expect(raw).toMatch(/^To: rep@example.com$/m);
    expect(raw).toMatch(/^Subject: =\?UTF-8\?/m);
    expect(raw).toContain('Hello <b>');
  });
});

describe('S3 blob store', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());
  const store = s3BlobStore('crm-blobs', s3 as unknown as S3Client);

  it('writes objects encrypted, with their content type', async () => {
    s3.on(PutObjectCommand).resolves({});
    await store.put('exports/E1.csv', 'a,b\n', 'text/csv');
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'crm-blobs',
      Key: 'exports/E1.csv',
      ContentType: 'text/csv',
      ServerSideEncryption: 'aws:kms',
    });
  });

  it('reads an object back and answers undefined for a missing key', async () => {
    s3.on(GetObjectCommand, { Key: 'exports/E1.csv' }).resolves({
      // The part of the SDK's stream body the adapter uses.
      Body: { transformToByteArray: async () => new Uint8Array(Buffer.from('a,b\n')) } as never,
      ContentType: 'text/csv',
    });
    s3.on(GetObjectCommand, { Key: 'missing' }).rejects(new NoSuchKey({ message: 'no', $metadata: {} }));
    const found = await store.get('exports/E1.csv');
    expect(found?.body.toString()).toBe('a,b\n');
    expect(found?.contentType).toBe('text/csv');
    await expect(store.get('missing')).resolves.toBeUndefined();
  });
});
