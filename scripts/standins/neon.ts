import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { connect as connectTcp, type AddressInfo } from "node:net";
import pg from "pg";
import { WebSocketServer } from "ws";
import type { PostgresBackend } from "./postgres-backends";

/**
 * A local stand-in for Neon's serverless endpoints, speaking the protocols the
 * @neondatabase/serverless driver uses:
 * - HTTP `POST /sql` (neon(), drizzle neon-http): one query, or a batch in one transaction;
 * - WebSocket `/v1?address=host:port` (Pool / Client): raw Postgres wire bytes piped to TCP.
 * Queries run against whatever database the Neon-Connection-String names.
 */

interface SqlQuery {
  query: string;
  params?: unknown[];
}

const ISOLATION_LEVELS: Record<string, string> = {
  ReadUncommitted: "READ UNCOMMITTED",
  ReadCommitted: "READ COMMITTED",
  RepeatableRead: "REPEATABLE READ",
  Serializable: "SERIALIZABLE",
};

const POSTGRES_ERROR_FIELDS = [
  "severity", "code", "detail", "hint", "position", "internalPosition", "internalQuery",
  "where", "schema", "table", "column", "dataType", "constraint", "file", "line", "routine",
] as const;

/** The Postgres wire protocol's Terminate message: 'X' and a length of 4. */
const TERMINATE_MESSAGE = Buffer.from([0x58, 0, 0, 0, 4]);

/** Rows go back as raw Postgres text: the driver parses them by type OID itself. */
const rawText = { getTypeParser: () => (value: string) => value };

class PoolsByTarget {
  private readonly pools = new Map<string, pg.Pool>();

  /** PGlite is a single session: its targets get one connection, so requests are serialised. */
  constructor(private readonly connectionsPerTarget: number) {}

  /** The pool for a connection string, keyed without driver-added parameters such as application_name. */
  get(connectionString: string): pg.Pool {
    const url = new URL(connectionString);
    const key = `${url.username}@${url.host}${url.pathname}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new pg.Pool({
        host: url.hostname,
        port: Number(url.port || 5432),
        user: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        database: decodeURIComponent(url.pathname.slice(1)),
        max: this.connectionsPerTarget,
        idleTimeoutMillis: 5_000,
        options: "-c TimeZone=UTC",
      });
      pool.on("error", () => undefined);
      this.pools.set(key, pool);
    }
    return pool;
  }

  async closeFor(connectionString: string): Promise<void> {
    const url = new URL(connectionString);
    const key = `${url.username}@${url.host}${url.pathname}`;
    const pool = this.pools.get(key);
    this.pools.delete(key);
    await pool?.end();
  }

  async closeAll(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.end()));
  }
}

async function runQuery(client: pg.PoolClient, { query, params = [] }: SqlQuery) {
  const result = await client.query({ text: query, values: params, rowMode: "array", types: rawText, queryMode: "extended" } as pg.QueryArrayConfig);
  return {
    command: result.command,
    rowCount: result.rowCount,
    rows: result.rows,
    fields: result.fields.map((field) => ({
      name: field.name,
      tableID: field.tableID,
      columnID: field.columnID,
      dataTypeID: field.dataTypeID,
      dataTypeSize: field.dataTypeSize,
      dataTypeModifier: field.dataTypeModifier,
      format: "text",
    })),
    rowAsArray: true,
  };
}

function beginStatement(headers: IncomingMessage["headers"]): string {
  const parts = ["BEGIN"];
  const isolation = ISOLATION_LEVELS[String(headers["neon-batch-isolation-level"] ?? "")];
  if (isolation) parts.push(`ISOLATION LEVEL ${isolation}`);
  if (headers["neon-batch-read-only"] === "true") parts.push("READ ONLY");
  if (headers["neon-batch-deferrable"] === "true") parts.push("DEFERRABLE");
  return parts.join(" ");
}

async function handleSql(body: { query?: string; params?: unknown[]; queries?: SqlQuery[] }, headers: IncomingMessage["headers"], pools: PoolsByTarget) {
  const connectionString = headers["neon-connection-string"];
  if (typeof connectionString !== "string") return { status: 400, body: { message: "missing Neon-Connection-String header" } };
  const client = await pools.get(connectionString).connect();
  try {
    if (Array.isArray(body.queries)) {
      await client.query(beginStatement(headers));
      try {
        const results = [];
        for (const query of body.queries) results.push(await runQuery(client, query));
        await client.query("COMMIT");
        return { status: 200, body: { results } };
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
    }
    if (typeof body.query !== "string") return { status: 400, body: { message: "body must have a query or queries" } };
    return { status: 200, body: await runQuery(client, { query: body.query, params: body.params ?? [] }) };
  } finally {
    client.release();
  }
}

function postgresErrorBody(error: unknown) {
  const source = error as Record<string, unknown>;
  const body: Record<string, unknown> = { message: error instanceof Error ? error.message : String(error) };
  for (const field of POSTGRES_ERROR_FIELDS) if (source[field] !== undefined) body[field] = source[field];
  return body;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

export interface NeonStandin {
  /** Base URL of the HTTP endpoint (the app's DATABASE_HTTP_ENDPOINT). */
  httpUrl: string;
  /** host:port/path of the WebSocket proxy (the app's DATABASE_WS_PROXY). */
  wsProxy: string;
  backend: PostgresBackend;
  /** Closes the stand-in's pooled connections to one database (needed before it is used as a template). */
  releaseConnections(connectionString: string): Promise<void>;
  close(): Promise<void>;
}

export async function startNeonStandin(options: { backend: PostgresBackend; port?: number; pools: PoolsByTarget }): Promise<NeonStandin> {
  const { backend, pools } = options;
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? "/", "http://local").pathname;
    try {
      if (request.method === "POST" && path === "/sql") {
        const target = request.headers["neon-connection-string"];
        if (typeof target === "string") backend.touch?.(target);
        const result = await handleSql((await readJson(request)) as never, request.headers, pools);
        return send(response, result.status, result.body);
      }
      if (request.method === "POST" && path === "/control/databases") {
        const { name, template } = (await readJson(request)) as { name?: string; template?: string };
        if (!name || !/^[a-z0-9_]{1,60}$/.test(name)) return send(response, 400, { message: "name must be 1-60 of a-z, 0-9, _" });
        return send(response, 201, { connectionString: await backend.createDatabase(name, template) });
      }
      send(response, 404, { message: `no route ${request.method} ${path}` });
    } catch (error) {
      const isPostgresError = typeof (error as { code?: unknown }).code === "string" && (error as { severity?: unknown }).severity !== undefined;
      send(response, isPostgresError ? 400 : 502, postgresErrorBody(error));
    }
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://local");
    const address = url.searchParams.get("address");
    if (url.pathname !== "/v1" || !address) return socket.destroy();
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      const [host, port] = address.split(":");
      const tcp = connectTcp(Number(port), host);
      webSocket.on("message", (data: Buffer) => {
        tcp.write(data);
        // PGlite keeps the socket open after Terminate, where a Postgres server would close it.
        if (data.equals(TERMINATE_MESSAGE)) tcp.end();
      });
      tcp.on("data", (data) => webSocket.send(data));
      webSocket.on("close", () => tcp.end());
      tcp.on("close", () => webSocket.close());
      tcp.on("error", () => webSocket.close());
      webSocket.on("error", () => tcp.destroy());
    });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    httpUrl: `http://127.0.0.1:${port}`,
    wsProxy: `127.0.0.1:${port}/v1`,
    backend,
    releaseConnections: (connectionString) => pools.closeFor(connectionString),
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pools.closeAll();
    },
  };
}

export { PoolsByTarget };
