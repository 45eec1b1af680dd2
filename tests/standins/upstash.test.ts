import { env } from "cloudflare:test";
import { Redis } from "@upstash/redis/cloudflare";
import { afterAll, describe, expect, it } from "vitest";

// Every key this file touches lives under its own prefix, so files running side by side never see each other's keys.
const PREFIX = `test:upstash-standin:${crypto.randomUUID()}:`;
const key = (name: string) => `${PREFIX}${name}`;

function client(options: { token?: string; responseEncoding?: false } = {}): Redis {
  return new Redis({
    url: env.UPSTASH_REDIS_REST_URL,
    token: options.token ?? env.UPSTASH_REDIS_REST_TOKEN,
    retry: false,
    enableTelemetry: false,
    ...(options.responseEncoding === false ? { responseEncoding: false } : {}),
  });
}

const redis = client();

/** A request the way @upstash/redis sends it, to look at the wire format itself. */
async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${env.UPSTASH_REDIS_REST_URL}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.UPSTASH_REDIS_REST_TOKEN}`, "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

/** Every key under a pattern, following SCAN cursors until the server answers "0". */
async function scanAll(match: string, count: number): Promise<{ keys: string[]; calls: number }> {
  const keys: string[] = [];
  let cursor = "0";
  let calls = 0;
  do {
    const [next, page] = await redis.scan(cursor, { match, count });
    keys.push(...page);
    cursor = String(next);
    calls++;
    if (calls > 10_000) throw new Error("SCAN never returned cursor 0");
  } while (cursor !== "0");
  return { keys, calls };
}

afterAll(async () => {
  const { keys } = await scanAll(`${PREFIX}*`, 500);
  for (let i = 0; i < keys.length; i += 100) await redis.del(...keys.slice(i, i + 100));
});

describe("Upstash stand-in: strings and expiry", () => {
  it("sets with EX, reads back, and reports the TTL", async () => {
    expect(await redis.set(key("greeting"), "hello", { ex: 60 })).toBe("OK");
    expect(await redis.get(key("greeting"))).toBe("hello");
    const ttl = await redis.ttl(key("greeting"));
    expect(ttl).toBeGreaterThanOrEqual(59);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await redis.ttl(key("no-such-key"))).toBe(-2);
    await redis.set(key("forever"), "x");
    expect(await redis.ttl(key("forever"))).toBe(-1);
  });

  it("honours NX, counts with INCR and deletes", async () => {
    expect(await redis.set(key("once"), "first", { nx: true })).toBe("OK");
    expect(await redis.set(key("once"), "second", { nx: true })).toBeNull();
    expect(await redis.get(key("once"))).toBe("first");
    expect(await redis.incr(key("counter"))).toBe(1);
    expect(await redis.incrby(key("counter"), 41)).toBe(42);
    expect(await redis.del(key("once"), key("counter"), key("missing"))).toBe(2);
    expect(await redis.exists(key("once"), key("counter"))).toBe(0);
  });

  it("expires a key once its TTL has passed", async () => {
    await redis.set(key("short-lived"), "v", { px: 150 });
    expect(await redis.get(key("short-lived"))).toBe("v");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await redis.get(key("short-lived"))).toBeNull();
  });
});

describe("Upstash stand-in: pipelines and transactions", () => {
  it("runs a pipeline and returns every result in order", async () => {
    const results = await redis
      .pipeline()
      .set(key("p:a"), "1")
      .incr(key("p:a"))
      .get(key("p:a"))
      .hset(key("p:h"), { field: "value" })
      .hgetall(key("p:h"))
      .exec();
    expect(results).toEqual(["OK", 2, 2, 1, { field: "value" }]);
  });

  it("runs MULTI/EXEC as one unit and returns each command's result", async () => {
    const results = await redis.multi().set(key("tx"), "10").incrby(key("tx"), 5).get(key("tx")).expire(key("tx"), 30).exec();
    expect(results).toEqual(["OK", 15, 15, 1]);
  });

  it("keeps runtime errors per command inside a transaction, as Redis does", async () => {
    const results = await redis.multi().set(key("tx:str"), "text").incr(key("tx:str")).get(key("tx:str")).exec({ keepErrors: true });
    expect(results[0]).toEqual({ result: "OK", error: undefined });
    expect(results[1]?.error).toMatch(/ERR value is not an integer/);
    expect(results[2]).toEqual({ result: "text", error: undefined });
    await expect(redis.multi().set(key("tx:str"), "text").incr(key("tx:str")).exec()).rejects.toThrow(/not an integer/);
  });

  it("discards a whole transaction when one command is refused at queue time (EXECABORT)", async () => {
    const response = await post("/multi-exec", [["set", key("aborted"), "1"], ["no-such-command"]]);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: expect.stringMatching(/^EXECABORT/) });
    expect(await redis.exists(key("aborted"))).toBe(0);
  });
});

describe("Upstash stand-in: SCAN", () => {
  it("iterates over more than 100 matching keys until the cursor comes back to 0", async () => {
    const expected = Array.from({ length: 130 }, (_, i) => key(`scan:item:${i}`));
    const pipeline = redis.pipeline();
    for (const name of expected) pipeline.set(name, "1");
    pipeline.set(key("scan-other"), "not matched");
    await pipeline.exec();

    const { keys, calls } = await scanAll(`${PREFIX}scan:item:*`, 10);
    // SCAN may repeat a key, never skip one that existed throughout.
    expect(new Set(keys)).toEqual(new Set(expected));
    expect(calls).toBeGreaterThan(1);
    expect(keys).not.toContain(key("scan-other"));
  });

  it("filters by type", async () => {
    await redis.hset(key("scan:typed:hash"), { f: "v" });
    await redis.set(key("scan:typed:string"), "v");
    const hashes: string[] = [];
    let cursor = "0";
    do {
      const [next, page] = await redis.scan(cursor, { match: `${PREFIX}scan:typed:*`, count: 100, type: "hash" });
      hashes.push(...page);
      cursor = String(next);
    } while (cursor !== "0");
    expect(hashes).toEqual([key("scan:typed:hash")]);
  });
});

describe("Upstash stand-in: values and encoding", () => {
  it("round-trips JSON values the client serialises", async () => {
    const profile = { id: 7, name: "Ana", tags: ["calm", "curious"], nested: { streak: 3, done: false, note: null }, emoji: "☃" };
    await redis.set(key("json"), profile);
    expect(await redis.get<typeof profile>(key("json"))).toEqual(profile);
    await redis.hset(key("json:hash"), { settings: { theme: "dark" }, count: 2 });
    expect(await redis.hgetall(key("json:hash"))).toEqual({ settings: { theme: "dark" }, count: 2 });
  });

  it("decodes base64-encoded statuses and strings", async () => {
    expect(await redis.ping()).toBe("PONG");
    expect(await redis.set(key("enc"), "héllo ✓ 日本")).toBe("OK");
    expect(await redis.type(key("enc"))).toBe("string");
    expect(await redis.get(key("enc"))).toBe("héllo ✓ 日本");
    expect(await redis.echo("echoed")).toBe("echoed");
  });

  it("sends base64 on the wire only when asked with Upstash-Encoding", async () => {
    expect(await post("/", ["ping"], { "upstash-encoding": "base64" })).toEqual({ status: 200, body: { result: btoa("PONG") } });
    expect(await post("/", ["ping"])).toEqual({ status: 200, body: { result: "PONG" } });
    expect(await post("/pipeline", [["set", key("wire"), 5], ["incr", key("wire")], ["get", key("missing")]], { "upstash-encoding": "base64" })).toEqual({
      status: 200,
      body: [{ result: btoa("OK") }, { result: 6 }, { result: null }],
    });
    const plain = client({ responseEncoding: false });
    expect(await plain.ping()).toBe("PONG");
    expect(await plain.get(key("enc"))).toBe("héllo ✓ 日本");
  });

  it("serves sorted sets for a sliding-window rate limiter", async () => {
    const window = key("ratelimit");
    const now = Date.now();
    await redis.zadd(window, { score: now - 90_000, member: "old" }, { score: now - 1_000, member: "a" }, { score: now, member: "b" });
    expect(await redis.zremrangebyscore(window, 0, now - 60_000)).toBe(1);
    expect(await redis.zcard(window)).toBe(2);
    expect(await redis.zrange(window, 0, -1)).toEqual(["a", "b"]);
  });
});

describe("Upstash stand-in: errors", () => {
  it("rejects a wrong token", async () => {
    await expect(client({ token: "wrong-token" }).get(key("greeting"))).rejects.toThrow(/WRONGPASS|Unauthorized/);
    const response = await post("/", ["ping"], { authorization: "Bearer wrong-token" });
    expect(response.status).toBe(401);
  });

  it("surfaces a failed command as an error", async () => {
    await redis.set(key("not-a-number"), "abc");
    await expect(redis.incr(key("not-a-number"))).rejects.toThrow(/ERR value is not an integer or out of range/);
    await expect(redis.hget(key("not-a-number"), "field")).rejects.toThrow(/WRONGTYPE/);
    expect(await post("/", ["no-such-command", "x"])).toEqual({
      status: 400,
      body: { error: "ERR unknown command 'no-such-command', with args beginning with: 'x' " },
    });
  });
});
