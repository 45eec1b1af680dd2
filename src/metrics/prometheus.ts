import type { Percentiles, MetricsReport } from "./report";

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  samples: { labels: Labels; value: number | null }[];
}

const QUANTILES = [
  ["0.5", "p50"],
  ["0.95", "p95"],
  ["0.99", "p99"],
] as const;

/**
 * The report in the Prometheus text exposition format (0.0.4). Every figure is a gauge over
 * the report's window, not a process-lifetime counter: the rows live in the database, and
 * a scrape sees what the window holds. Unknown percentiles are left out.
 */
export function renderPrometheus(report: MetricsReport): string {
  const families: Family[] = [
    { name: "numira_metrics_window_seconds", help: "Length of the window every other figure covers.", samples: [{ labels: {}, value: report.windowSeconds }] },
    {
      name: "numira_http_requests",
      help: "Requests in the window by method, route and status class.",
      samples: report.requests.routes.flatMap((route) =>
        Object.entries(route.byStatusClass).map(([statusClass, value]) => ({ labels: { method: route.method, route: route.route, status_class: statusClass }, value })),
      ),
    },
    {
      name: "numira_http_request_duration_milliseconds",
      help: "Request latency percentiles in the window by method and route.",
      samples: report.requests.routes.flatMap((route) => quantileSamples({ method: route.method, route: route.route }, route.latencyMs)),
    },
    { name: "numira_http_error_ratio", help: "Share of requests in the window answered with a 5xx.", samples: [{ labels: {}, value: report.requests.errorRate }] },
    { name: "numira_http_rate_limited_requests", help: "Requests in the window answered 429.", samples: [{ labels: {}, value: report.requests.rateLimited }] },
    { name: "numira_active_users", help: "Distinct authenticated users with a request in the window.", samples: [{ labels: {}, value: report.activeUsers }] },
    {
      name: "numira_chats_by_persona",
      help: "Chat messages sent in the window by persona.",
      samples: Object.entries(report.chats.byPersona).map(([persona, value]) => ({ labels: { persona }, value })),
    },
    {
      name: "numira_chats_by_room",
      help: "Chat messages sent in the window by room.",
      samples: Object.entries(report.chats.byRoom).map(([room, value]) => ({ labels: { room }, value })),
    },
    {
      name: "numira_ai_cache_requests",
      help: "Chat requests in the window by AI response cache result.",
      samples: [
        { labels: { result: "hit" }, value: report.cache.hits },
        { labels: { result: "miss" }, value: report.cache.misses },
        { labels: { result: "bypass" }, value: report.cache.bypassed },
      ],
    },
    ...llmFamilies(report.llm),
  ];
  return families.map(renderFamily).join("");
}

function llmFamilies(llm: MetricsReport["llm"]): Family[] {
  const providers = Object.entries(llm.providers);
  return [
    { name: "numira_llm_requests", help: "LLM provider attempts in the window.", samples: providers.map(([provider, metrics]) => ({ labels: { provider }, value: metrics.requests })) },
    {
      name: "numira_llm_failures",
      help: "Failed LLM provider attempts in the window by failure class.",
      samples: providers.flatMap(([provider, metrics]) => Object.entries(metrics.failures).map(([outcome, value]) => ({ labels: { provider, outcome }, value }))),
    },
    { name: "numira_llm_failovers", help: "LLM attempts in the window that were a failover from another provider.", samples: providers.map(([provider, metrics]) => ({ labels: { provider }, value: metrics.failovers })) },
    {
      name: "numira_llm_latency_milliseconds",
      help: "LLM attempt latency percentiles in the window by provider.",
      samples: providers.flatMap(([provider, metrics]) => quantileSamples({ provider }, metrics.latencyMs)),
    },
    {
      name: "numira_llm_tokens",
      help: "Tokens in the window by provider and direction.",
      samples: providers.flatMap(([provider, metrics]) => [
        { labels: { provider, direction: "in" }, value: metrics.tokensIn },
        { labels: { provider, direction: "out" }, value: metrics.tokensOut },
      ]),
    },
  ];
}

function quantileSamples(labels: Labels, latency: Percentiles) {
  return QUANTILES.map(([quantile, key]) => ({ labels: { ...labels, quantile }, value: latency[key] }));
}

function renderFamily(family: Family): string {
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} gauge`];
  for (const sample of family.samples) {
    if (sample.value === null) continue;
    lines.push(`${family.name}${renderLabels(sample.labels)} ${sample.value}`);
  }
  return `${lines.join("\n")}\n`;
}

function renderLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
