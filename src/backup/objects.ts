import { backupPrefix } from "./manifest";

/** Deletes every object of a backup, page by page (R2 lists at most 1000 keys at a time). */
export async function deleteObjects(bucket: R2Bucket, id: string): Promise<void> {
  let cursor: string | undefined;
  do {
    const listing = await bucket.list({ prefix: backupPrefix(id), cursor });
    if (listing.objects.length) await bucket.delete(listing.objects.map((object) => object.key));
    cursor = listing.truncated ? listing.cursor : undefined;
  } while (cursor);
}
