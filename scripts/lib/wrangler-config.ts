import { unstable_readConfig } from "wrangler";

/** The R2 bucket behind the BACKUPS binding in wrangler.toml, for an environment (top level when absent). */
export function backupBucketName(environment?: string): string {
  const config = unstable_readConfig({ config: "wrangler.toml", env: environment });
  const bucket = config.r2_buckets.find((binding: { binding: string }) => binding.binding === "BACKUPS")?.bucket_name;
  if (!bucket) throw new Error(`wrangler.toml has no BACKUPS R2 bucket for ${environment ? `environment ${environment}` : "the top level"}`);
  return bucket;
}
