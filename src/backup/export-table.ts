import { sql, type SQL } from "drizzle-orm";
import type { Database } from "../db";
import type { ManifestTable } from "./manifest";
import type { BackupTable } from "./tables";

/** R2 wants every part but the last the same size, at least 5 MiB. */
const PART_SIZE = 5 * 1024 * 1024;

interface Page {
  lines: string[];
  lastKey: string[] | undefined;
}

/**
 * Reads one page in primary-key order after `after`. Postgres renders each row as JSON
 * (row_to_json), so timestamps keep their microseconds, bigints their digits and jsonb
 * its exact value; the Worker never parses a row.
 */
async function readPage(db: Database, table: BackupTable, after: string[] | undefined, pageSize: number): Promise<Page> {
  const keyColumns = sql.join(table.key.map((column) => sql.identifier(column)), sql`, `);
  const keyTexts = sql.join(table.key.map((column, index) => sql`${sql.identifier(column)}::text as ${sql.identifier(`k${index}`)}`), sql`, `);
  const where: SQL = after ? sql`where (${keyColumns}) > (${sql.join(after.map((value) => sql`${value}`), sql`, `)})` : sql``;
  const result = await db.execute<Record<string, string>>(sql`
    select row_to_json(t)::text as line, ${keyTexts}
    from (select * from ${sql.identifier(table.name)} ${where} order by ${keyColumns} limit ${pageSize}) t
    order by ${keyColumns}`);
  const rows = result.rows;
  const last = rows.at(-1);
  return { lines: rows.map((row) => row.line!), lastKey: last ? table.key.map((_, index) => last[`k${index}`]!) : undefined };
}

/** Collects compressed bytes into fixed-size parts and uploads each as it fills. */
class PartUploader {
  private buffer = new Uint8Array(PART_SIZE);
  private filled = 0;
  private readonly parts: R2UploadedPart[] = [];

  constructor(private readonly upload: R2MultipartUpload) {}

  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      const taken = Math.min(PART_SIZE - this.filled, chunk.length - offset);
      this.buffer.set(chunk.subarray(offset, offset + taken), this.filled);
      this.filled += taken;
      offset += taken;
      if (this.filled === PART_SIZE) await this.flush();
    }
  }

  async finish(): Promise<void> {
    if (this.filled > 0 || this.parts.length === 0) await this.flush();
    await this.upload.complete(this.parts);
  }

  private async flush(): Promise<void> {
    this.parts.push(await this.upload.uploadPart(this.parts.length + 1, this.buffer.subarray(0, this.filled)));
    this.buffer = new Uint8Array(PART_SIZE);
    this.filled = 0;
  }
}

const toHex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, "0")).join("");

/**
 * Streams one table to R2 as gzip JSON lines: a page is read, compressed and its bytes
 * uploaded in parts before the next page is read, so memory holds one page and one part
 * whatever the table's size. Returns the manifest entry (rows, compressed bytes, SHA-256).
 */
export async function exportTable(db: Database, bucket: R2Bucket, objectKey: string, table: BackupTable, pageSize: number): Promise<ManifestTable> {
  const upload = await bucket.createMultipartUpload(objectKey, { httpMetadata: { contentType: "application/gzip" } });
  const uploader = new PartUploader(upload);
  const gzip = new CompressionStream("gzip");
  const digest = new crypto.DigestStream("SHA-256");
  const digestWriter = digest.getWriter();
  let rows = 0;
  let bytes = 0;

  const consume = (async () => {
    const reader = gzip.readable.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      bytes += next.value.length;
      await digestWriter.write(next.value);
      await uploader.write(next.value);
    }
    await digestWriter.close();
  })();
  const produce = (async () => {
    const writer = gzip.writable.getWriter();
    const encoder = new TextEncoder();
    let after: string[] | undefined;
    for (;;) {
      const page = await readPage(db, table, after, pageSize);
      if (page.lines.length === 0) break;
      rows += page.lines.length;
      await writer.write(encoder.encode(`${page.lines.join("\n")}\n`));
      after = page.lastKey;
      if (page.lines.length < pageSize) break;
    }
    await writer.close();
  })();

  try {
    await Promise.all([produce, consume]);
    await uploader.finish();
  } catch (error) {
    await upload.abort().catch(() => undefined);
    throw error;
  }
  return { name: table.name, object: objectKey, rows, bytes, sha256: toHex(await digest.digest) };
}
