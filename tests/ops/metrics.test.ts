import { beforeAll, describe, expect, it } from "vitest";
import { isolatedEnv, testClient, type TestEnv } from "../helpers/app";
import { bearer, registerAdmin, type Grant, type Request } from "../helpers/auth";
import { chattingUser } from "../helpers/llm";

interface RouteMetrics {
  method: string;
  route: string;
  requests: number;
  byStatusClass: Record<string, number>;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

interface Report {
  windowSeconds: number;
  requests: { total: number; byStatusClass: Record<string, number>; errorRate: number; rateLimited: number; routes: RouteMetrics[] };
  activeUsers: number;
  chats: { total: number; byPersona: Record<string, number>; byRoom: Record<string, number> };
  cache: { hits: number; misses: number; bypassed: number; hitRatio: number };
  llm: { overall: { requests: number; successes: number } };
}

const SAMPLE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\["\\n])*")*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|NaN|[+-]Inf)$/;
const HELP = /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;
const TYPE = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/;

/** Every line is valid text exposition, and every sample belongs to a family declared above it. */
function assertValidExposition(text: string): void {
  expect(text.endsWith("\n")).toBe(true);
  const declared = new Set<string>();
  for (const line of text.slice(0, -1).split("\n")) {
    const type = TYPE.exec(line);
    if (type) declared.add(type[1]!);
    else if (!HELP.test(line)) {
      expect(line, `not a valid exposition line: ${line}`).toMatch(SAMPLE);
      expect(declared.has(line.split(/[{ ]/)[0]!), `sample before its TYPE: ${line}`).toBe(true);
    }
  }
}

describe("GET /api/metrics", () => {
  let bindings: TestEnv;
  let request: Request;
  let admin: Grant;
  const absentConversation = crypto.randomUUID();

  // A known mix of traffic: every figure below is derived from this sequence alone.
  beforeAll(async () => {
    bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000", RATE_LIMIT_AI_PER_MINUTE: "2" });
    request = testClient(bindings);
    admin = await registerAdmin(request, bindings); // POST register 201, POST login 200
    await request("/api/auth/me", bearer(admin.accessToken)); // 200, admin active
    const { grant, chat } = await chattingUser(request); // POST register 201, POST acknowledge 200
    const body = { personaId: "ayla", roomId: "mirrorRoom", message: "I keep replaying a hard conversation." };
    expect((await chat(body)).headers.get("X-Cache")).toBe("MISS");
    expect((await chat(body)).headers.get("X-Cache")).toBe("HIT");
    expect((await chat(body)).status).toBe(429);
    await request("/api/health");
    await request("/api/health");
    expect((await request("/no/such/route")).status).toBe(404);
    expect((await request(`/api/conversations/${absentConversation}`, bearer(grant.accessToken))).status).toBe(404);
  });

  it("adds up requests by route and status class, rate limiting, active users, chats, cache and LLM calls", async () => {
    const response = await request("/api/metrics?window=15m", bearer(admin.accessToken));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    const report = await response.json<Report>();

    expect(report.windowSeconds).toBe(900);
    expect(report.requests.total).toBe(12);
    expect(report.requests.byStatusClass).toEqual({ "2xx": 9, "4xx": 3 });
    expect(report.requests.errorRate).toBe(0);
    expect(report.requests.rateLimited).toBe(1);
    expect(report.activeUsers).toBe(2);
    expect(report.chats).toEqual({ total: 2, byPersona: { ayla: 2 }, byRoom: { mirrorRoom: 2 } });
    expect(report.cache).toEqual({ hits: 1, misses: 1, bypassed: 0, hitRatio: 0.5 });
    expect(report.llm.overall).toMatchObject({ requests: 1, successes: 1 });

    const byRoute = (method: string, route: string) => report.requests.routes.find((entry) => entry.method === method && entry.route === route);
    expect(byRoute("POST", "/api/ai/chat")).toMatchObject({ requests: 3, byStatusClass: { "2xx": 2, "4xx": 1 } });
    expect(byRoute("GET", "/api/health")).toMatchObject({ requests: 2, byStatusClass: { "2xx": 2 } });
    expect(byRoute("GET", "/api/conversations/{id}")).toMatchObject({ requests: 1, byStatusClass: { "4xx": 1 } });
    expect(byRoute("GET", "unmatched")).toMatchObject({ requests: 1, byStatusClass: { "4xx": 1 } });
    const chatLatency = byRoute("POST", "/api/ai/chat")!.latencyMs;
    expect(chatLatency.p50).toBeGreaterThanOrEqual(0);
    expect(chatLatency.p99).toBeGreaterThanOrEqual(chatLatency.p95!);
    expect(chatLatency.p95).toBeGreaterThanOrEqual(chatLatency.p50!);
    expect(JSON.stringify(report)).not.toContain(absentConversation);
  });

  it("speaks the Prometheus text format with ?format=prometheus or Accept: text/plain, every line valid", async () => {
    const asks: { path: string; headers: Record<string, string> }[] = [
      { path: "/api/metrics?format=prometheus", headers: {} },
      { path: "/api/metrics", headers: { Accept: "text/plain;version=0.0.4;q=0.9,*/*;q=0.1" } },
    ];
    for (const init of asks) {
      const response = await request(init.path, bearer(admin.accessToken, { headers: init.headers }));
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("text/plain; version=0.0.4; charset=utf-8");
      const text = await response.text();
      assertValidExposition(text);
      expect(text).toContain('numira_http_requests{method="POST",route="/api/ai/chat",status_class="2xx"} 2\n');
      expect(text).toContain('numira_chats_by_persona{persona="ayla"} 2\n');
      expect(text).toContain("numira_http_rate_limited_requests 1\n");
      expect(text).toMatch(/^numira_http_request_duration_milliseconds\{method="GET",route="\/api\/health",quantile="0\.99"\} [0-9.]+$/m);
    }
  });

  it("rejects a malformed window with a 400 that names it", async () => {
    const response = await request("/api/metrics?window=1y", bearer(admin.accessToken));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("5m to 30d");
  });
});
