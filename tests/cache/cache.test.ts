import { describe, expect, it } from "vitest";
import { Cache, createRedis, type Redis } from "../../src/cache";
import { Logger } from "../../src/logging";
import { isolatedEnv } from "../helpers/app";
import { configOf } from "../helpers/auth";

/** The real Upstash client against the stand-in, with every command it sends counted. */
async function countingCache() {
  const config = configOf(await isolatedEnv());
  const redis = createRedis(config);
  const commands: string[][] = [];
  const counted = new Proxy(redis, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        commands.push([String(property), ...args.map(String)]);
        return value.apply(target, args);
      };
    },
  }) as Redis;
  const logger = new Logger({ level: "error", format: "json", sink: () => undefined }, (text) => text);
  return { cache: new Cache(counted, { enabled: true, namespace: config.cache.namespace }, logger), commands, namespace: config.cache.namespace };
}

describe("Cache reads", () => {
  it("sends reads asked for in the same turn as one MGET, and each gets its own answer", async () => {
    const { cache, commands, namespace } = await countingCache();
    await cache.set("persona:x", { name: "X" }, 60);
    await cache.set("room:y", { name: "Y" }, 60);
    commands.length = 0;

    const [persona, room, absent] = await Promise.all([cache.get("persona:x"), cache.get("room:y"), cache.get("room:absent")]);
    expect(persona).toEqual({ hit: true, value: { name: "X" } });
    expect(room).toEqual({ hit: true, value: { name: "Y" } });
    expect(absent).toEqual({ hit: false });
    expect(commands).toEqual([["mget", `${namespace}:persona:x`, `${namespace}:room:y`, `${namespace}:room:absent`]]);

    expect(await cache.get("persona:x")).toEqual({ hit: true, value: { name: "X" } });
    expect(commands).toHaveLength(2);
  });
});
