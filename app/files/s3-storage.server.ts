// Uploaded files and exports in S3-compatible object storage (AWS S3, MinIO, Garage, Scaleway, OVHcloud…),
// so that several app servers see the same files (issue 11, ADR 027). Same interface and key rules as
// the local disk (storage.server.ts), which stays the embedded default.
import { PassThrough, pipeline, Readable, Writable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3Config } from "../config.server";
import { checkStorageKey, type FileStorage } from "./storage.server";

export function s3Client(config: S3Config): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    credentials:
      config.accessKeyId && config.secretAccessKey
        ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
        : undefined,
    // Checksums only where S3 requires them: many S3-compatible servers do not understand the SDK's
    // default streaming checksums (aws-chunked trailers) and would store the chunk framing in the file.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** A signal aborted when the stream closes: early (its reader left), the request behind it is dropped; after its end, nothing changes. */
function abortedWhenClosed(stream: PassThrough): AbortSignal {
  const controller = new AbortController();
  stream.once("close", () => controller.abort());
  return controller.signal;
}

export function s3Storage(config: S3Config, client: S3Client = s3Client(config)): FileStorage {
  const Bucket = config.bucket;
  const objectKey = (key: string) => {
    checkStorageKey(key);
    return config.prefix ? `${config.prefix}/${key}` : key;
  };
  return {
    async put(key, data) {
      await client.send(new PutObjectCommand({ Bucket, Key: objectKey(key), Body: data, ContentLength: data.length }));
    },
    async get(key) {
      const r = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
      return Buffer.from(await r.Body!.transformToByteArray());
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },
    // A multipart upload fed as the caller writes: memory stays at a few 5 MiB parts whatever the size.
    // The stream finishes only once the object is complete in the bucket.
    writeStream(key) {
      const body = new PassThrough();
      const upload = new Upload({ client, params: { Bucket, Key: objectKey(key), Body: body }, queueSize: 2, partSize: 5 * 1024 * 1024 });
      const done = upload.done();
      done.catch(() => {}); // reported through the stream below
      return new Writable({
        write(chunk, _encoding, callback) {
          if (body.write(chunk)) callback();
          else body.once("drain", () => callback());
        },
        final(callback) {
          body.end();
          done.then(
            () => callback(),
            (e) => callback(e as Error),
          );
        },
        destroy(error, callback) {
          if (error) void upload.abort().catch(() => {});
          body.destroy();
          callback(error);
        },
      });
    },
    // The object's HTTP response is joined to the stream with pipeline, so that a reader who leaves (a
    // cancelled download) closes it: a mere pipe kept it open with its socket, and once the SDK's fifty
    // sockets were held so, every read of every file waited for ever (ADR 045).
    readStream(key) {
      const out = new PassThrough();
      client
        .send(new GetObjectCommand({ Bucket, Key: objectKey(key) }), { abortSignal: abortedWhenClosed(out) })
        .then((r) => pipeline(r.Body as Readable, out, () => {}))
        .catch((e) => out.destroy(e));
      return out;
    },
    async size(key) {
      const r = await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }));
      return Number(r.ContentLength ?? 0);
    },
    async *list() {
      const Prefix = config.prefix ? `${config.prefix}/` : undefined;
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix, ContinuationToken }));
        for (const o of page.Contents ?? []) if (o.Key) yield Prefix ? o.Key.slice(Prefix.length) : o.Key;
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },
  };
}
