import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

/**
 * Where the Neon stand-in's queries really run: a PostgreSQL server, or embedded PGlite
 * instances served over the Postgres wire protocol. Either way clients get ordinary
 * connection strings, so the stand-in itself only ever speaks Postgres.
 */
export interface PostgresBackend {
  /** Connection string of the backend's main database. */
  readonly primaryUrl: string;
  /** Creates a new database (a copy of `templateUrl` when given) and returns its connection string. */
  createDatabase(name: string, templateUrl?: string): Promise<string>;
  describe(): string;
  close(): Promise<void>;
}

/** Neon's driver and our config want a password in the URL; trust-auth servers ignore it. */
export function withPassword(url: string): string {
  const parsed = new URL(url);
  if (!parsed.password) parsed.password = "local";
  if (!parsed.username) parsed.username = "postgres";
  return parsed.toString();
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A real PostgreSQL server: one database per createDatabase call, dropped on close. */
export function connectPostgresServer(serverUrl: string, beforeClone: (url: string) => Promise<void>): PostgresBackend {
  const primaryUrl = withPassword(serverUrl);
  const created: string[] = [];
  const admin = () => new pg.Client({ connectionString: primaryUrl });

  return {
    primaryUrl,
    async createDatabase(name, templateUrl) {
      if (templateUrl) await beforeClone(templateUrl);
      const client = admin();
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
        const template = templateUrl ? ` TEMPLATE ${quoteIdentifier(databaseNameOf(templateUrl))}` : "";
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)}${template}`);
      } finally {
        await client.end();
      }
      created.push(name);
      const url = new URL(primaryUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    describe: () => `PostgreSQL at ${new URL(primaryUrl).host}`,
    async close() {
      if (created.length === 0) return;
      const client = admin();
      await client.connect();
      try {
        for (const name of created.reverse()) await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

interface ServedPglite {
  db: PGlite;
  server: PGLiteSocketServer;
  url: string;
}

async function servePglite(db: PGlite): Promise<ServedPglite> {
  await db.waitReady;
  await db.exec("SET TIME ZONE 'UTC'");
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 64 });
  await server.start();
  const url = `postgres://postgres:local@${server.getServerConn()}/postgres`;
  return { db, server, url };
}

/**
 * Embedded PGlite: the main database (persisted under `dataDir`, or in memory), and one
 * in-memory instance per created database, each on its own local port.
 */
export async function startPglite(dataDir?: string): Promise<PostgresBackend> {
  const primary = await servePglite(new PGlite(dataDir));
  const instances: ServedPglite[] = [primary];

  return {
    primaryUrl: primary.url,
    async createDatabase(_name, templateUrl) {
      const template = templateUrl ? instances.find((instance) => instance.url === templateUrl) : undefined;
      if (templateUrl && !template) throw new Error(`unknown template database ${templateUrl}`);
      const db = template ? new PGlite({ loadDataDir: await template.db.dumpDataDir("none") }) : new PGlite();
      const served = await servePglite(db);
      instances.push(served);
      return served.url;
    },
    describe: () => (dataDir ? `embedded PGlite (${dataDir})` : "embedded PGlite (in memory)"),
    async close() {
      for (const instance of instances.reverse()) {
        await instance.server.stop();
        await instance.db.close();
      }
    },
  };
}
