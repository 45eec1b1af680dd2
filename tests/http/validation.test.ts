import { createRoute, z } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import { describe, expect, it } from "vitest";
import { handleError } from "../../src/http/error-handler";
import { createRouter } from "../../src/http/openapi";

/** A throwaway route on the app's own router factory, to prove how validation failures are answered. */
function routerWithValidatedRoute() {
  const router = createRouter();
  router.use(requestId());
  router.openapi(
    createRoute({
      method: "post",
      path: "/echo",
      request: {
        body: { content: { "application/json": { schema: z.object({ name: z.string().min(1), profile: z.object({ age: z.number().int() }) }) } } },
      },
      responses: { 200: { description: "ok", content: { "application/json": { schema: z.object({ name: z.string() }) } } } },
    }),
    (c) => c.json({ name: c.req.valid("json").name }, 200),
  );
  router.onError(handleError);
  return router;
}

const post = (body: string) => routerWithValidatedRoute().request("/echo", { method: "POST", body, headers: { "Content-Type": "application/json" } });

describe("request validation", () => {
  it("lists every invalid field by its path", async () => {
    const response = await post(JSON.stringify({ name: "", profile: { age: "ten" } }));
    expect(response.status).toBe(400);
    const body = await response.json<{ error: { code: string; message: string; details: { path: string; message: string }[] } }>();
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.details.map((detail) => detail.path)).toEqual(["json.name", "json.profile.age"]);
    expect(body.error.message).toContain("json.profile.age");
  });

  it("answers malformed JSON with a 400 envelope, not a 500", async () => {
    const response = await post("{not json");
    expect(response.status).toBe(400);
    const body = await response.json<{ error: { code: string; message: string } }>();
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.message).toMatch(/json/i);
  });

  it("accepts a valid body", async () => {
    const response = await post(JSON.stringify({ name: "Ayla", profile: { age: 3 } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: "Ayla" });
  });
});
