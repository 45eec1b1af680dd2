import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../http/app-env";
import { registerGetPersonaRoute } from "./routes/get-persona";
import { registerGetRoomRoute } from "./routes/get-room";
import { registerListPersonasRoute } from "./routes/list-personas";
import { registerListRoomsRoute } from "./routes/list-rooms";
import { registerPersonaRoomsRoute } from "./routes/persona-rooms";
import { registerRoomPersonasRoute } from "./routes/room-personas";
import { registerUpdatePersonaRoute } from "./routes/update-persona";
import { registerUpdateRoomRoute } from "./routes/update-room";

export { CatalogService, type CatalogActor, type PersonaView, type RoomView } from "./service";
export type { PersonaPatch, RoomPatch } from "./schemas";

export function registerCatalogRoutes(app: OpenAPIHono<AppEnv>): void {
  registerListPersonasRoute(app);
  registerGetPersonaRoute(app);
  registerPersonaRoomsRoute(app);
  registerListRoomsRoute(app);
  registerGetRoomRoute(app);
  registerRoomPersonasRoute(app);
  registerUpdatePersonaRoute(app);
  registerUpdateRoomRoute(app);
}
