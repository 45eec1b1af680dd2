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
  /** Notes that a database was just used (the Neon stand-in calls it on every query). */
  touch?(url: string): void;
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
 * How many created databases stay open. Each is a PGlite instance of its own (about 200 MB),
 * and a test run creates one per test file and more: beyond this, the one used least
 * recently is closed, long after its test file finished.
 */
const MAX_OPEN_DATABASES = 24;

/**
 * Embedded PGlite: the main database (persisted under `dataDir`, or in memory), and one
 * in-memory instance per created database, each on its own local port.
 */
export async function startPglite(dataDir?: string, onClose: (url: string) => Promise<void> = async () => undefined): Promise<PostgresBackend> {
  const primary = await servePglite(new PGlite(dataDir));
  const instances: ServedPglite[] = [primary];
  const pinned = new Set<string>([primary.url]);
  // By host:port, which is what tells instances apart whatever parameters a client adds.
  const lastUsed = new Map<string, number>();
  const keyOf = (url: string) => new URL(url).host;

  const closeLeastRecentlyUsed = async () => {
    const closable = instances.filter((instance) => !pinned.has(instance.url));
    if (closable.length <= MAX_OPEN_DATABASES) return;
    const oldest = closable.reduce((a, b) => ((lastUsed.get(keyOf(a.url)) ?? 0) <= (lastUsed.get(keyOf(b.url)) ?? 0) ? a : b));
    instances.splice(instances.indexOf(oldest), 1);
    lastUsed.delete(keyOf(oldest.url));
    await onClose(oldest.url);
    await oldest.server.stop();
    await oldest.db.close();
  };

  return {
    primaryUrl: primary.url,
    async createDatabase(_name, templateUrl) {
      const template = templateUrl ? instances.find((instance) => instance.url === templateUrl) : undefined;
      if (templateUrl && !template) throw new Error(`unknown template database ${templateUrl}`);
      if (template) pinned.add(template.url);
      const db = template ? new PGlite({ loadDataDir: await template.db.dumpDataDir("none") }) : new PGlite();
      const served = await servePglite(db);
      instances.push(served);
      lastUsed.set(keyOf(served.url), Date.now());
      await closeLeastRecentlyUsed();
      return served.url;
    },
    touch(url) {
      if (lastUsed.has(keyOf(url))) lastUsed.set(keyOf(url), Date.now());
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
