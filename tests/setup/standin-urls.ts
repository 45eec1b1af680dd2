/** What the global setup hands to the test workers about the running stand-ins. */
export interface StandinUrls {
  neonHttpUrl: string;
  neonWsProxy: string;
  templateDatabaseUrl: string;
  sharedDatabaseUrl: string;
  upstashUrl: string;
  upstashToken: string;
  llmUrl: string;
}

declare module "vitest" {
  interface ProvidedContext {
    standins: StandinUrls;
  }
}
