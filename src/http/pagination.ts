import { z } from "@hono/zod-openapi";
import { asc, desc, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { AppError } from "./errors";

export const MAX_PAGE_SIZE = 100;

/** A page-size query parameter: 1 to MAX_PAGE_SIZE, `fallback` when absent. */
export function pageLimitSchema(fallback: number) {
  return z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(fallback)
    .openapi({ description: `Items per page, 1 to ${MAX_PAGE_SIZE} (default ${fallback})`, example: fallback });
}

export const CursorParamSchema = z
  .string()
  .min(1)
  .max(2048)
  .optional()
  .openapi({ description: "The opaque nextCursor of the previous page; omit it for the first page" });

/** `{ items, nextCursor }`, the shape of every paginated response. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().openapi({ description: "Pass it back for the next page; null on the last page" }),
  });
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset ordering: rows sorted by `key`, ties broken by the unique `id`, both in `direction`. */
export interface KeysetOrder {
  /** Written into each cursor, so that a cursor only continues the listing and order that issued it. */
  name: string;
  key: PgColumn;
  keyType: "timestamp" | "text";
  id: PgColumn;
  direction: "asc" | "desc";
}

type CursorPosition = [orderName: string, key: string, id: string];

/**
 * The sort key as cursors carry it. Timestamps keep the database's microsecond precision:
 * rounded to a JS Date's milliseconds, rows sharing a millisecond would be skipped or repeated.
 */
export function cursorKeyOf(order: KeysetOrder): SQL<string> {
  return order.keyType === "timestamp"
    ? sql<string>`to_char(${order.key} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string>`${order.key}`;
}

export function orderByOf(order: KeysetOrder): SQL[] {
  const direction = order.direction === "asc" ? asc : desc;
  return [direction(order.key), direction(order.id)];
}

/** The condition selecting rows after the cursor's position, or undefined for the first page. `param` names the query parameter in errors. */
export function afterCursor(order: KeysetOrder, cursor: string | undefined, param: string): SQL | undefined {
  if (cursor === undefined) return undefined;
  const [, key, id] = decodeCursor(order, cursor, param);
  const comparison = sql.raw(order.direction === "asc" ? ">" : "<");
  const keyCast = sql.raw(order.keyType === "timestamp" ? "timestamptz" : "text");
  return sql`(${order.key}, ${order.id}) ${comparison} (${key}::${keyCast}, ${id}::uuid)`;
}

/** Turns `limit + 1` fetched rows into a page: the extra row only tells that another page exists. */
export function toPage<Row extends { id: string; cursorKey: string }, Item>(
  rows: Row[],
  limit: number,
  order: KeysetOrder,
  present: (row: Row) => Item,
): Page<Item> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor([order.name, last.cursorKey, last.id]) : null;
  return { items: items.map(present), nextCursor };
}

function encodeCursor(position: CursorPosition): string {
  const bytes = new TextEncoder().encode(JSON.stringify(position));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(order: KeysetOrder, cursor: string, param: string): CursorPosition {
  const positionSchema = z.tuple([
    z.literal(order.name),
    order.keyType === "timestamp" ? z.iso.datetime({ precision: 6 }) : z.string().max(1000),
    z.uuid(),
  ]);
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
    const parsed = positionSchema.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
  } catch {
    // Not base64 or not JSON: answered below like any cursor this listing did not issue.
  }
  const message = "is not a cursor of this listing; pass back the nextCursor it returned, with the same sort and order";
  throw new AppError("VALIDATION_FAILED", `Invalid request: ${param}: ${message}`, { details: [{ path: param, message }] });
}
