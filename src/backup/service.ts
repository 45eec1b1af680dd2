import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { Database } from "../db";
import { backups, type Backup } from "../db/schema";
import { AppError } from "../http/errors";
import { BACKUP_ID_PATTERN, ManifestSchema, manifestKey, newBackupId, tableObjectKey, type Manifest } from "./manifest";
import type { BackupJob } from "./run";
import type { BackupRunner } from "./runner";
import { BACKUP_TABLES } from "./tables";

export interface BackupServiceOptions {
  db: Database;
  bucket: R2Bucket;
  runners: DurableObjectNamespace<BackupRunner>;
  /** Scopes the runner object, like the breakers, so deployments and tests never share one. */
  namespace: string;
  /** The Worker's string settings, handed to the run so it uses this configuration. */
  settings: Record<string, string>;
  staleAfterSeconds: number;
}

export type StartResult = { started: true; id: string } | { started: false; runningId: string };

const LIST_LIMIT = 100;

export class BackupService {
  constructor(private readonly options: BackupServiceOptions) {}

  /**
   * Records a `running` row and hands the run to the BackupRunner. At most one backup runs at
   * a time (a partial unique index); one still running after `staleAfterSeconds` is marked
   * failed first, since its Worker was stopped.
   */
  async start(trigger: BackupJob["trigger"]): Promise<StartResult> {
    const { db, staleAfterSeconds } = this.options;
    await db
      .update(backups)
      .set({ status: "failed", finishedAt: sql`now()`, error: `abandoned: still running after ${staleAfterSeconds} s` })
      .where(and(eq(backups.status, "running"), lt(backups.startedAt, sql`now() - make_interval(secs => ${staleAfterSeconds})`)));
    const startedAt = new Date();
    const id = newBackupId(startedAt);
    const inserted = await db.insert(backups).values({ id, trigger, startedAt }).onConflictDoNothing().returning({ id: backups.id });
    if (inserted.length === 0) {
      const [running] = await db.select({ id: backups.id }).from(backups).where(eq(backups.status, "running"));
      return { started: false, runningId: running?.id ?? "unknown" };
    }
    const { runners, namespace, settings } = this.options;
    try {
      await runners.get(runners.idFromName(`${namespace}:backups`)).start({ id, trigger }, settings);
    } catch (error) {
      await db.update(backups).set({ status: "failed", finishedAt: sql`now()`, error: "the backup runner could not be reached" }).where(eq(backups.id, id));
      throw error;
    }
    return { started: true, id };
  }

  async list(): Promise<Backup[]> {
    return this.options.db.select().from(backups).orderBy(desc(backups.startedAt)).limit(LIST_LIMIT);
  }

  /** A backup's row and, once it completed, its manifest from R2. */
  async find(id: string): Promise<{ backup: Backup; manifest: Manifest | null }> {
    const [backup] = BACKUP_ID_PATTERN.test(id) ? await this.options.db.select().from(backups).where(eq(backups.id, id)) : [];
    if (!backup) throw new AppError("NOT_FOUND", `No backup ${id}`);
    const object = await this.options.bucket.get(manifestKey(id));
    return { backup, manifest: object ? ManifestSchema.parse(await object.json()) : null };
  }

  /** One table's gzip JSON-lines object, for `npm run restore`. */
  async tableObject(id: string, table: string): Promise<R2ObjectBody> {
    const known = BACKUP_ID_PATTERN.test(id) && BACKUP_TABLES.some((candidate) => candidate.name === table);
    const object = known ? await this.options.bucket.get(tableObjectKey(id, table)) : null;
    if (!object) throw new AppError("NOT_FOUND", `Backup ${id} has no object for table ${table}`);
    return object;
  }
}

/** The string-valued bindings (vars and secrets) of a Worker env; objects such as R2 cannot travel. */
export function stringSettings(env: object): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
