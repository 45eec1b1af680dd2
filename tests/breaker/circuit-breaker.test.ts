import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BreakerSettings, Outcome } from "../../src/breaker";

const SETTINGS: BreakerSettings = {
  failureThreshold: 3,
  failureWindowMs: 60_000,
  resetTimeoutMs: 10_000,
  halfOpenSuccessThreshold: 2,
  halfOpenMaxProbes: 2,
  probeLeaseMs: 5_000,
};
const T0 = 1_800_000_000_000;

function breaker() {
  return env.CIRCUIT_BREAKER.get(env.CIRCUIT_BREAKER.idFromName(`unit-${crypto.randomUUID()}`));
}

const failure = (failureClass = "server_error", extra: Partial<Outcome> = {}): Outcome => ({ result: "failure", failureClass, leaseId: null, ...extra });

async function openedBreaker() {
  const stub = breaker();
  for (let index = 0; index < SETTINGS.failureThreshold; index += 1) await stub.report(SETTINGS, failure(), T0 + index);
  return stub;
}

describe("CircuitBreaker Durable Object", () => {
  it("opens after THRESHOLD failures within the window, not THRESHOLD−1", async () => {
    const stub = breaker();
    await stub.report(SETTINGS, failure(), T0);
    const almost = await stub.report(SETTINGS, failure(), T0 + 1000);
    expect(almost.snapshot).toMatchObject({ state: "CLOSED", failuresInWindow: 2 });
    const opened = await stub.report(SETTINGS, failure("timeout"), T0 + 2000);
    expect(opened.snapshot).toMatchObject({ state: "OPEN", openedAt: T0 + 2000, nextProbeAt: T0 + 2000 + SETTINGS.resetTimeoutMs, lastFailureClass: "timeout" });
    expect(opened.transitions).toEqual([{ from: "CLOSED", to: "OPEN", reason: "3 failures within 60000 ms" }]);
  });

  it("forgets failures older than the window, and successes in between hide nothing", async () => {
    const stub = breaker();
    await stub.report(SETTINGS, failure(), T0);
    await stub.report(SETTINGS, failure(), T0 + 1000);
    const later = await stub.report(SETTINGS, failure(), T0 + SETTINGS.failureWindowMs + 500);
    expect(later.snapshot).toMatchObject({ state: "CLOSED", failuresInWindow: 2 });

    const burst = breaker();
    await burst.report(SETTINGS, failure(), T0);
    await burst.report(SETTINGS, { result: "success", leaseId: null }, T0 + 10);
    await burst.report(SETTINGS, failure(), T0 + 20);
    await burst.report(SETTINGS, { result: "success", leaseId: null }, T0 + 30);
    expect((await burst.report(SETTINGS, failure(), T0 + 40)).snapshot.state).toBe("OPEN");
  });

  it("refuses passage while OPEN and turns HALF_OPEN after RESET_TIMEOUT", async () => {
    const stub = await openedBreaker();
    const refused = await stub.acquire(SETTINGS, T0 + 5000);
    expect(refused.passage).toMatchObject({ allowed: false, retryAt: T0 + 2 + SETTINGS.resetTimeoutMs });
    const probe = await stub.acquire(SETTINGS, T0 + 2 + SETTINGS.resetTimeoutMs);
    expect(probe.passage).toMatchObject({ allowed: true, leaseId: expect.any(String), snapshot: { state: "HALF_OPEN", probesInFlight: 1 } });
    expect(probe.transitions).toEqual([{ from: "OPEN", to: "HALF_OPEN", reason: "reset timeout elapsed" }]);
  });

  it("hands out at most HALF_OPEN_MAX_PROBES permits; the successes close it", async () => {
    const stub = await openedBreaker();
    const at = T0 + 20_000;
    const passages = await Promise.all(Array.from({ length: 10 }, () => stub.acquire(SETTINGS, at)));
    const leases = passages.flatMap(({ passage }) => (passage.allowed && passage.leaseId ? [passage.leaseId] : []));
    expect(leases).toHaveLength(SETTINGS.halfOpenMaxProbes);
    await stub.report(SETTINGS, { result: "success", leaseId: leases[0]! }, at + 100);
    const closed = await stub.report(SETTINGS, { result: "success", leaseId: leases[1]! }, at + 200);
    expect(closed.snapshot).toMatchObject({ state: "CLOSED", failuresInWindow: 0, probesInFlight: 0 });
    expect(closed.transitions).toEqual([{ from: "HALF_OPEN", to: "CLOSED", reason: "2 successful probes" }]);
  });

  it("reopens on any probe failure", async () => {
    const stub = await openedBreaker();
    const { passage } = await stub.acquire(SETTINGS, T0 + 20_000);
    if (!passage.allowed) throw new Error("expected a probe permit");
    const reopened = await stub.report(SETTINGS, failure("server_error", { leaseId: passage.leaseId }), T0 + 20_100);
    expect(reopened.snapshot).toMatchObject({ state: "OPEN", nextProbeAt: T0 + 20_100 + SETTINGS.resetTimeoutMs });
  });

  it("expires an abandoned lease and counts it as a failure", async () => {
    const stub = await openedBreaker();
    const { passage } = await stub.acquire(SETTINGS, T0 + 20_000);
    expect(passage.allowed).toBe(true);
    const afterLease = await stub.acquire(SETTINGS, T0 + 20_000 + SETTINGS.probeLeaseMs + 1);
    expect(afterLease.passage.allowed).toBe(false);
    expect(afterLease.passage.snapshot).toMatchObject({ state: "OPEN", lastFailureClass: "probe_lease_expired", probesInFlight: 0 });
    expect(afterLease.transitions).toEqual([{ from: "HALF_OPEN", to: "OPEN", reason: "1 probe(s) never reported back" }]);
  });

  it("keeps the circuit OPEN for a 429's Retry-After even when RESET_TIMEOUT is shorter; the later deadline wins", async () => {
    const stub = breaker();
    const limited = await stub.report(SETTINGS, failure("rate_limited", { retryAfterSeconds: 30 }), T0);
    expect(limited.snapshot).toMatchObject({ state: "OPEN", nextProbeAt: T0 + 30_000 });
    expect((await stub.acquire(SETTINGS, T0 + SETTINGS.resetTimeoutMs + 1)).passage.allowed).toBe(false);
    await stub.report(SETTINGS, failure("rate_limited", { retryAfterSeconds: 5 }), T0 + 1000);
    expect((await stub.status(SETTINGS, T0 + 1000)).nextProbeAt).toBe(T0 + 30_000);
    await stub.report(SETTINGS, failure("rate_limited", { retryAfterSeconds: 60 }), T0 + 2000);
    expect((await stub.status(SETTINGS, T0 + 2000)).nextProbeAt).toBe(T0 + 62_000);
    expect((await stub.acquire(SETTINGS, T0 + 62_000)).passage.allowed).toBe(true);
  });

  it("moves OPEN to HALF_OPEN in its alarm, idempotently", async () => {
    const stub = breaker();
    const quick = { ...SETTINGS, resetTimeoutMs: 200 };
    for (let index = 0; index < 3; index += 1) await stub.report(quick, failure());
    const opened = await stub.status(quick);
    const storedState = () => runInDurableObject(stub, (_instance, state) => state.storage.sql.exec<{ state: string }>("SELECT state FROM breaker").one().state);
    expect(opened.state).toBe("OPEN");
    expect(await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())).toBe(opened.nextProbeAt);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await storedState()).toBe("HALF_OPEN");
    await runInDurableObject(stub, async (instance) => {
      await instance.alarm();
      await instance.alarm();
    });
    expect(await storedState()).toBe("HALF_OPEN");
    expect(await runDurableObjectAlarm(stub)).toBe(false);
  });

  it("stays forced open until reset, and reset closes and clears", async () => {
    const stub = breaker();
    await stub.forceOpen(SETTINGS, T0);
    expect((await stub.acquire(SETTINGS, T0 + 10 * SETTINGS.resetTimeoutMs)).passage.allowed).toBe(false);
    const reset = await stub.reset(SETTINGS, T0 + 1);
    expect(reset.snapshot).toMatchObject({ state: "CLOSED", forced: false, failuresInWindow: 0 });
  });

  it("is one state for everyone: two stubs of one name see the same breaker", async () => {
    const name = `shared-${crypto.randomUUID()}`;
    const first = env.CIRCUIT_BREAKER.get(env.CIRCUIT_BREAKER.idFromName(name));
    const second = env.CIRCUIT_BREAKER.get(env.CIRCUIT_BREAKER.idFromName(name));
    for (let index = 0; index < 3; index += 1) await first.report(SETTINGS, failure(), T0 + index);
    expect((await second.status(SETTINGS, T0 + 10)).state).toBe("OPEN");
  });
});
