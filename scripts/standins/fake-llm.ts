import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropic } from "./fake-llm/anthropic";
import {
  PROVIDERS,
  formatSse,
  parseJson,
  randomId,
  readBody,
  sendJson,
  streamSse,
  waitWhileOpen,
  SSE_HEADERS,
  type Provider,
  type ProviderAdapter,
} from "./fake-llm/common";
import { FaultQueues, isProvider, parseFaultOrder, type Fault } from "./fake-llm/faults";
import { openai } from "./fake-llm/openai";

/**
 * A deterministic stand-in for the OpenAI Chat Completions and Anthropic Messages APIs, for tests
 * and local development. It records what each tenant (API key) sent and injects faults on demand:
 *
 * - `POST /openai/v1/chat/completions`, `POST /anthropic/v1/messages`
 * - `POST /control/faults` `{ provider, apiKey, fault, count? }`, `DELETE /control/faults?apiKey=&provider=`
 * - `GET /control/stats?apiKey=`, `DELETE /control/stats?apiKey=`
 */

export interface FakeLlmServer {
  url: string;
  close(): Promise<void>;
}

export interface ProviderStats {
  requests: number;
  /** Bodies of the most recent requests, oldest first (the raw text when a body was not JSON). */
  lastRequests: unknown[];
}

export type TenantStats = Record<Provider, ProviderStats>;

const KEPT_REQUESTS = 20;

class RequestLog {
  private readonly tenants = new Map<string, TenantStats>();

  record(apiKey: string, provider: Provider, body: unknown): void {
    const stats = this.tenants.get(apiKey) ?? emptyStats();
    this.tenants.set(apiKey, stats);
    const entry = stats[provider];
    entry.requests += 1;
    entry.lastRequests.push(body);
    if (entry.lastRequests.length > KEPT_REQUESTS) entry.lastRequests.shift();
  }

  statsFor(apiKey: string): TenantStats {
    return this.tenants.get(apiKey) ?? emptyStats();
  }

  reset(apiKey: string): void {
    this.tenants.delete(apiKey);
  }
}

function emptyStats(): TenantStats {
  return { openai: { requests: 0, lastRequests: [] }, anthropic: { requests: 0, lastRequests: [] } };
}

interface State {
  faults: FaultQueues;
  log: RequestLog;
}

/**
 * Authenticated requests are recorded whatever happens next; faults apply only to requests that
 * are valid, so a test's fault is never used up by a request the provider would have rejected anyway.
 */
async function serveProvider<R>(adapter: ProviderAdapter<R>, req: IncomingMessage, res: ServerResponse, state: State): Promise<void> {
  const raw = await readBody(req);
  res.setHeader(adapter.requestIdHeader, randomId("req_"));
  const apiKey = adapter.apiKeyOf(req.headers);
  if (apiKey === undefined) return sendJson(res, 401, adapter.errorBody(401, adapter.missingKeyMessage));
  const json = parseJson(raw);
  state.log.record(apiKey, adapter.provider, json.ok ? json.value : raw);
  if (!json.ok) return sendJson(res, 400, adapter.errorBody(400, "We could not parse the JSON body of your request."));
  const request = adapter.parseRequest(json.value);
  if (!request.ok) return sendJson(res, 400, adapter.errorBody(400, request.message));
  await answer(adapter, request.value, res, state.faults.take(adapter.provider, apiKey));
}

async function answer<R>(adapter: ProviderAdapter<R>, request: R, res: ServerResponse, fault: Fault | undefined): Promise<void> {
  const stream = adapter.isStream(request);
  switch (fault?.kind) {
    case undefined:
      return stream ? streamSse(res, adapter.streamPlan(request)) : sendJson(res, 200, adapter.completion(request));
    case "status":
      return sendJson(res, fault.status, adapter.errorBody(fault.status));
    case "rate_limit":
      return sendJson(
        res,
        429,
        adapter.errorBody(429, `Rate limit reached. Please try again in ${fault.retryAfterSeconds}s.`),
        adapter.rateLimitHeaders(fault.retryAfterSeconds),
      );
    case "delay":
      if (await waitWhileOpen(res, fault.ms)) await answer(adapter, request, res, undefined);
      return;
    case "hang":
      // Never answered: the socket stays open until the client gives up or the server closes.
      return;
    case "reset":
      res.socket?.resetAndDestroy();
      return;
    case "malformed":
      return sendMalformed(res, adapter, request);
    case "cut_stream":
      if (stream) return streamSse(res, adapter.streamPlan(request), fault.afterChunks);
      res.socket?.resetAndDestroy();
      return;
  }
}

/** A 200 whose body is the real answer cut off half-way, so it fails to parse as JSON. */
function sendMalformed<R>(res: ServerResponse, adapter: ProviderAdapter<R>, request: R): void {
  if (adapter.isStream(request)) {
    const first = adapter.streamPlan(request).head[0] ?? { data: "{}" };
    res.writeHead(200, SSE_HEADERS);
    res.end(formatSse({ ...first, data: first.data.slice(0, first.data.length / 2) }));
    return;
  }
  const body = JSON.stringify(adapter.completion(request));
  res.writeHead(200, { "content-type": "application/json" });
  res.end(body.slice(0, body.length / 2));
}

async function serveControl(req: IncomingMessage, res: ServerResponse, url: URL, state: State): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  if (route === "POST /control/faults") {
    const json = parseJson(await readBody(req));
    const order = json.ok ? parseFaultOrder(json.value) : json;
    if (!order.ok) return sendJson(res, 400, { error: order.message });
    return sendJson(res, 200, { queued: state.faults.add(order.value) });
  }
  const apiKey = url.searchParams.get("apiKey");
  if (!apiKey) return sendJson(res, 400, { error: "the apiKey query parameter is required" });
  switch (route) {
    case "DELETE /control/faults": {
      const provider = url.searchParams.get("provider") || undefined;
      if (provider !== undefined && !isProvider(provider)) return sendJson(res, 400, { error: `provider must be one of ${PROVIDERS.join(", ")}` });
      return sendJson(res, 200, { cleared: state.faults.clear(apiKey, provider) });
    }
    case "GET /control/stats":
      return sendJson(res, 200, state.log.statsFor(apiKey));
    case "DELETE /control/stats":
      state.log.reset(apiKey);
      return sendJson(res, 200, { cleared: true });
  }
  sendJson(res, 404, { error: `no route for ${route}` });
}

async function dispatch(req: IncomingMessage, res: ServerResponse, state: State): Promise<void> {
  const url = new URL(req.url ?? "/", "http://fake-llm");
  const route = `${req.method} ${url.pathname}`;
  if (route === "POST /openai/v1/chat/completions") return serveProvider(openai, req, res, state);
  if (route === "POST /anthropic/v1/messages") return serveProvider(anthropic, req, res, state);
  if (url.pathname.startsWith("/control/")) return serveControl(req, res, url, state);
  sendJson(res, 404, { error: `no route for ${route}` });
}

export async function startFakeLlm(options: { port?: number; host?: string } = {}): Promise<FakeLlmServer> {
  const host = options.host ?? "127.0.0.1";
  const state: State = { faults: new FaultQueues(), log: new RequestLog() };
  const server = createServer((req, res) => {
    dispatch(req, res, state).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { error: `fake-llm failed: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Also ends the hanging and keep-alive connections, which server.close() alone would wait for.
        server.closeAllConnections();
      }),
  };
}
