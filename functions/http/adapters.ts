/**
 * The adapters behind the ports, chosen by the environment: the CDK stack sets the AWS
 * ones (BLOB_BUCKET, EMAIL_FROM), the local runtime the stand-ins (BLOB_DIR, OUTBOX_DIR).
 */
import type { BlobStore } from '../../shared/ports/blob-store';
import type { Mailer } from '../../shared/ports/mailer';
import { requireEnv } from './deps';

let blobs: Promise<BlobStore> | undefined;
let mailer: Promise<Mailer> | undefined;

export const blobStore = (): Promise<BlobStore> =>
  (blobs ??= process.env.BLOB_DIR
    ? import('../../shared/adapters/file-blob-store').then((m) => m.fileBlobStore(requireEnv('BLOB_DIR')))
    : import('../../shared/adapters/s3-blob-store').then((m) => m.s3BlobStore(requireEnv('BLOB_BUCKET'))));

export const emailSender = (): Promise<Mailer> =>
  (mailer ??= process.env.OUTBOX_DIR
    ? import('../../shared/adapters/outbox-mailer').then((m) => m.outboxMailer(requireEnv('OUTBOX_DIR'), requireEnv('EMAIL_FROM')))
    : import('../../shared/adapters/ses-mailer').then((m) => m.sesMailer(requireEnv('EMAIL_FROM'))));
