import { parseArgs } from "node:util";
import { startFakeLlm } from "./fake-llm";

/** Runs the fake OpenAI/Anthropic server on its own: `tsx scripts/standins/fake-llm-main.ts [--port N]`. */

const { values } = parseArgs({ options: { port: { type: "string" } } });
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${values.port}`);
  process.exit(2);
}

const server = await startFakeLlm({ port });
console.log(`fake LLM listening on ${server.url}`);
console.log(`  OpenAI baseURL:    ${server.url}/openai/v1`);
console.log(`  Anthropic baseURL: ${server.url}/anthropic`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
