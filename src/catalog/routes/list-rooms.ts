import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { jsonResponse } from "../../http/openapi";
import { RoomListSchema } from "../schemas";
import { setCatalogCaching } from "./audience";

const route = createRoute({
  method: "get",
  path: "/api/rooms",
  tags: ["catalog"],
  summary: "Every room and the personas that may enter it",
  responses: { 200: jsonResponse(RoomListSchema, "The rooms") },
});

export function registerListRoomsRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const rooms = await c.var.services.catalog.listRooms();
    setCatalogCaching(c, false);
    return c.json({ rooms }, 200);
  });
}
