import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../http/app-env";
import { errorResponses, jsonResponse } from "../../http/openapi";
import { RoomIdParams, RoomSchema } from "../schemas";
import { orNotFound } from "../service";
import { setCatalogCaching } from "./audience";

const route = createRoute({
  method: "get",
  path: "/api/rooms/{id}",
  tags: ["catalog"],
  summary: "One room and the personas that may enter it",
  request: { params: RoomIdParams },
  responses: { 200: jsonResponse(RoomSchema, "The room"), ...errorResponses("VALIDATION_FAILED", "NOT_FOUND") },
});

export function registerGetRoomRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const room = await orNotFound("room", id, c.var.services.catalog.getRoom(id));
    setCatalogCaching(c, false);
    return c.json(room, 200);
  });
}
