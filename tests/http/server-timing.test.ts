import { describe, expect, it } from "vitest";
import { RequestTimings } from "../../src/timing";
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
    expect(Object.keys(fresh)).toEqual(["db", "cache", "breaker", "llm", "self", "total"]);
    for (const dependency of ["db", "cache", "breaker", "llm"]) {
      expect(fresh[dependency], dependency).toBeGreaterThan(0);
      expect(fresh[dependency], dependency).toBeLessThanOrEqual(fresh.total!);
    }

    expect(fresh.self).toBeGreaterThanOrEqual(0);
    expect(fresh.self! + fresh.llm!).toBeLessThanOrEqual(fresh.total!);

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

  it("counts calls made at once by wall time, so self is what no call was waiting on", () => {
    const timings = new RequestTimings();
    timings.start("db", 0);
    timings.start("cache", 2);
    timings.start("db", 3);
    timings.end("db", 5);
    timings.end("cache", 8);
    timings.end("db", 10);
    timings.start("llm", 12);
    timings.end("llm", 20);
    expect(timings.header(25, 25)).toBe("db;dur=10.00, cache;dur=6.00, breaker;dur=0.00, llm;dur=8.00, self;dur=7.00, total;dur=25.00");
  });

  it("counts a call still in flight up to the moment the header is written", () => {
    const timings = new RequestTimings();
    timings.start("db", 4);
    expect(timings.header(10, 10)).toBe("db;dur=6.00, cache;dur=0.00, breaker;dur=0.00, llm;dur=0.00, self;dur=4.00, total;dur=10.00");
  });
});
