/** Where files live: S3 in AWS, a folder under the data directory locally. */
export interface BlobStore {
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  /** undefined when there is no such object */
  get(key: string): Promise<{ body: Buffer; contentType: string } | undefined>;
}
