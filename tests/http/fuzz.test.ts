import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { registerAdmin, type Request } from "../helpers/auth";
import { chattingUser } from "../helpers/llm";

/** Seeded and bounded: a failure prints its seed and path, and replays with them. */
const FUZZ = { seed: 20_261_203, numRuns: 600 };

interface Operation {
  method: string;
  path: string;
}

const pathParam = fc.oneof(
  fc.uuid(),
  fc.string(),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
  fc.constantFrom("ayla", "mirrorRoom", "openai", "persona:ayla", "bk-20260101T000000Z-000000", "..", "%00", "users"),
);

/** JSON nested far deeper than any schema goes. */
const deepJson = fc.integer({ min: 50, max: 5000 }).map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`);

const body = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.record({ personaId: fc.string(), roomId: fc.string(), message: fc.string(), email: fc.string(), password: fc.string(), version: fc.string(), title: fc.string(), content: fc.string() }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
  fc.string(),
  deepJson,
  fc.integer({ min: 70_000, max: 200_000 }).map((size) => JSON.stringify({ message: "x".repeat(size) })),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => new Uint8Array([0xff, 0xfe, 0xc3, ...bytes])),
  fc.constant(undefined),
);

const contentType = fc.constantFrom("application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "*/*", "??", undefined);
const junkHeader = fc.constantFrom<[string, string] | undefined>(["CF-Connecting-IP", "not-an-ip"], ["Accept", "text/event-stream"], ["Accept", "??"], ["Origin", "https://evil.example"], ["X-Request-Id", "x".repeat(500)], ["Content-Length", "5"], undefined);

describe("fuzzing every route", () => {
  let bindings: TestEnv;
  let request: Request;
  let operations: Operation[];
  let tokens: string[];
  let secrets: string[];

  beforeAll(async () => {
    bindings = await isolatedEnv({ RATE_LIMIT_PER_IP: "1000000", RATE_LIMIT_AUTH_PER_IP: "100000", RATE_LIMIT_AUTH_PER_EMAIL: "100000", RATE_LIMIT_AI_PER_MINUTE: "100000", RATE_LIMIT_AI_PER_HOUR: "1000000", OPENAI_TIMEOUT: "1000", ANTHROPIC_TIMEOUT: "1000" });
    request = testClient(bindings);
    const document = await (await request("/api/openapi.json")).json<{ paths: Record<string, Record<string, unknown>> }>();
    operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
    const user = await chattingUser(request);
    const admin = await registerAdmin(request, bindings);
    tokens = [user.grant.accessToken, admin.accessToken];
    secrets = ["JWT_SECRET", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "DATABASE_URL", "UPSTASH_REDIS_REST_TOKEN"].map((name) => String(bindings[name]));
  });

  it("never answers 5xx, answers every 4xx in the JSON error envelope, and never echoes a secret", async () => {
    expect(operations.length).toBeGreaterThan(40);
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(0, 1).map((index) => `Bearer ${tokens[index]}`),
      fc.string().map((junk) => `Bearer ${junk}`),
      fc.constantFrom("Basic YWRtaW46YWRtaW4=", `Bearer ${"a".repeat(5000)}`, "Bearer", "bearer   "),
    );
    const call = fc.record({
      operation: fc.constantFrom(...operations),
      params: fc.array(pathParam, { minLength: 3, maxLength: 3 }),
      query: fc.dictionary(fc.constantFrom("window", "format", "prefix", "limit", "cursor", "junk", ""), fc.string(), { maxKeys: 3 }),
      body,
      contentType,
      authorization,
      junkHeader,
    });

    await fc.assert(
      fc.asyncProperty(call, async ({ operation, params, query, body: payload, contentType: type, authorization: auth, junkHeader: extra }) => {
        let index = 0;
        const path = operation.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(params[index++]!));
        const search = new URLSearchParams(query).toString();
        const headers: Record<string, string> = {};
        if (type) headers["Content-Type"] = type;
        if (auth) headers.Authorization = auth;
        if (extra) headers[extra[0]] = extra[1];
        const hasBody = payload !== undefined && operation.method !== "GET" && operation.method !== "HEAD";
        const response = await request(`${path}${search ? `?${search}` : ""}`, { method: operation.method, headers, body: hasBody ? payload : undefined });
        const text = await response.text();
        const where = `${operation.method} ${path} → ${response.status}: ${text.slice(0, 300)}`;
        expect(response.status, where).toBeLessThan(500);
        if (response.status >= 400) {
          const envelope = JSON.parse(text) as { error: { code: string; message: string; requestId: string } };
          expect(envelope.error, where).toMatchObject({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
        }
        for (const secret of secrets) expect(text.includes(secret), `${where} contains a secret`).toBe(false);
      }),
      FUZZ,
    );
  }, 300_000);
});
