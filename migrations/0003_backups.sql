CREATE TYPE "public"."backup_status" AS ENUM('running', 'completed', 'failed');--> statement-breakpoint
CREATE TABLE "backups" (
	"id" text PRIMARY KEY NOT NULL,
	"trigger" text NOT NULL,
	"status" "backup_status" DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"migration_level" text,
	"size_bytes" bigint,
	"row_counts" jsonb,
	"error" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "backups_one_running_key" ON "backups" USING btree ("status") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "backups_started_idx" ON "backups" USING btree ("started_at" DESC NULLS LAST);