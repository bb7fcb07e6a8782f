// A real S3-protocol server on 127.0.0.1 for the tests (s3rver, from npm: the S3 REST API over files in
// a folder, with signature checks). Trame talks to it through the AWS SDK exactly as to any S3 store.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { freePort } from "./server";

export interface RunningS3 {
  endpoint: string;
  bucket: string;
  /** The environment that points Trame at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startS3(bucket = "trame"): Promise<RunningS3> {
  const directory = mkdtempSync(join(tmpdir(), "trame-s3-"));
  const port = await freePort();
  const server = new S3rver({ port, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      TRAME_S3_BUCKET: bucket,
      TRAME_S3_ENDPOINT: endpoint,
      TRAME_S3_REGION: "us-east-1",
      TRAME_S3_ACCESS_KEY_ID: "S3RVER",
      TRAME_S3_SECRET_ACCESS_KEY: "S3RVER",
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
