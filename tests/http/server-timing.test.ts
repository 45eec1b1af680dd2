import { describe, expect, it } from "vitest";
import { isolatedEnv, testClient } from "../helpers/app";
import { chattingUser } from "../helpers/llm";

/** `db;dur=1.20, cache;dur=0.50, …` as numbers by name. */
function serverTiming(response: Response): Record<string, number> {
  const header = response.headers.get("Server-Timing") ?? "";
  return Object.fromEntries(header.split(", ").map((entry) => {
    const [name, duration] = entry.split(";dur=");
    return [name!, Number(duration)];
  }));
}

describe("Server-Timing", () => {
  it("splits a chat's time into database, cache, breaker and LLM, within the total", async () => {
    const bindings = await isolatedEnv({ RATE_LIMIT_AUTH_PER_IP: "1000", CIRCUIT_BREAKER_CACHE_TTL: "0" });
    const request = testClient(bindings);
    const { chat } = await chattingUser(request);
    const body = { personaId: "ayla", roomId: "mirrorRoom", message: "Timing a fresh answer" };

    const miss = await chat(body);
    expect(miss.headers.get("X-Cache")).toBe("MISS");
    const fresh = serverTiming(miss);
    expect(Object.keys(fresh)).toEqual(["db", "cache", "breaker", "llm", "total"]);
    for (const dependency of ["db", "cache", "breaker", "llm"]) {
      expect(fresh[dependency], dependency).toBeGreaterThan(0);
      expect(fresh[dependency], dependency).toBeLessThanOrEqual(fresh.total!);
    }

    const hit = serverTiming(await chat(body));
    expect(hit.llm).toBe(0);
    expect(hit.cache).toBeGreaterThan(0);
  });

  it("is on every response, errors included", async () => {
    const request = testClient(await isolatedEnv());
    for (const path of ["/api/health", "/no/such/route"]) {
      const timing = serverTiming(await request(path));
      expect(timing.total, path).toBeGreaterThanOrEqual(0);
    }
    expect(serverTiming(await request("/api/health")).db).toBeGreaterThan(0);
  });
});
