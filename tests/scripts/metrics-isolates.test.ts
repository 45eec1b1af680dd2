import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorker, standinBindings, startWorkerInstances, type WorkerInstances } from "../../scripts/lib/worker-runtime";
import type { Standins } from "../../scripts/standins";
import { freshDatabase, npmRun, startTestStandins } from "./harness";

interface Report {
  requests: { total: number; routes: { method: string; route: string; requests: number; byStatusClass: Record<string, number> }[] };
}

/**
 * Two Workers built from the same bundle run in two isolates of one workerd. Requests sent to
 * each must add up in /api/metrics asked of either: the figures live in the database, not
 * in isolate memory.
 */
describe("metrics across isolates", () => {
  let standins: Standins;
  let instances: WorkerInstances;
  let buildDir: string;
  let databaseEnv: Record<string, string>;

  beforeAll(async () => {
    standins = await startTestStandins();
    databaseEnv = await freshDatabase(standins);
    for (const script of ["db:migrate", "db:seed"]) expect((await npmRun(script, [], databaseEnv)).code).toBe(0);
    buildDir = mkdtempSync(join(tmpdir(), "numira-build-"));
    const scriptPath = await buildWorker(buildDir);
    instances = await startWorkerInstances(
      scriptPath,
      {
        ...standinBindings(standins, databaseEnv.DATABASE_URL!),
        CACHE_NAMESPACE: `isolates_${Date.now()}`,
        JWT_SECRET: "isolates-test-jwt-secret-0123456789-abcdefgh",
        OPENAI_API_KEY: "sk-isolates-openai",
        ANTHROPIC_API_KEY: "sk-ant-isolates-anthropic",
      },
      { count: 2 },
    );
  }, 120_000);

  afterAll(async () => {
    await instances?.close();
    await standins?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it("counts every request once, whichever isolate served it", async () => {
    const [first, second] = instances.urls as [string, string];
    const credentials = JSON.stringify({ email: "metrics-admin@example.com", password: "correct horse battery staple" });
    const post = (url: string, path: string) => fetch(`${url}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: credentials });
    expect((await post(first, "/api/auth/register")).status).toBe(201);
    expect((await npmRun("user:promote", ["--email", "metrics-admin@example.com"], databaseEnv)).code).toBe(0);
    const { accessToken } = (await (await post(second, "/api/auth/login")).json()) as { accessToken: string };

    for (let index = 0; index < 7; index += 1) expect((await fetch(`${first}/api/health`)).status).toBe(200);
    for (let index = 0; index < 5; index += 1) expect((await fetch(`${second}/api/health`)).status).toBe(200);
    for (let index = 0; index < 3; index += 1) expect((await fetch(`${second}/no/such/route`)).status).toBe(404);

    const expected = [
      { method: "POST", route: "/api/auth/login", requests: 1, byStatusClass: { "2xx": 1 } },
      { method: "POST", route: "/api/auth/register", requests: 1, byStatusClass: { "2xx": 1 } },
      { method: "GET", route: "/api/health", requests: 12, byStatusClass: { "2xx": 12 } },
      { method: "GET", route: "unmatched", requests: 3, byStatusClass: { "4xx": 3 } },
    ];
    // Rows are written after each response (waitUntil), so give the last ones a moment to land.
    for (const url of [first, second]) {
      let report: Report | undefined;
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const response = await fetch(`${url}/api/metrics?window=5m`, { headers: { Authorization: `Bearer ${accessToken}` } });
        expect(response.status).toBe(200);
        report = (await response.json()) as Report;
        if (report.requests.total >= 17) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(report!.requests.routes.filter((route) => route.route !== "/api/metrics").sort((a, b) => a.route.localeCompare(b.route))).toEqual(
        expected.map((route) => expect.objectContaining(route)),
      );
    }
  });
});
