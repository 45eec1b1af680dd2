import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { requireAuth } from "../../auth";
import { DISCLAIMER_HEADER, requireAcceptedDisclaimer } from "../../disclaimer";
import type { AppEnv } from "../../http/app-env";
import { AppError } from "../../http/errors";
import { bearerSecurity, errorResponses, jsonBody, jsonResponse } from "../../http/openapi";
import { enforceRateLimits } from "../../ratelimit";
import type { ChatReply, ChatService, PreparedChat } from "../service";

const CatalogId = z.string().regex(/^[a-zA-Z]{1,40}$/, { error: "must be a persona or room id such as ayla or mirrorRoom" });

const ChatRequestSchema = z
  .object({
    personaId: CatalogId,
    roomId: CatalogId,
    message: z.string().trim().min(1, { error: "Message must not be empty" }),
    conversationId: z.uuid({ error: "must be a conversation id (UUID)" }).optional(),
    saveToJournal: z.boolean().optional(),
    stream: z.boolean().optional(),
  })
  .openapi("ChatRequest");

const ChatReplySchema = z
  .object({
    conversationId: z.string(),
    messageId: z.string(),
    reply: z.string(),
    persona: z.object({ id: z.string(), name: z.string() }),
    room: z.object({ id: z.string(), name: z.string() }),
    provider: z.string(),
    model: z.string(),
    cached: z.boolean(),
    usage: z.object({ tokensIn: z.number().int(), tokensOut: z.number().int() }),
    flagged: z.boolean(),
    disclaimer: z.object({ version: z.string(), text: z.string() }),
  })
  .openapi("ChatReply");

const route = createRoute({
  method: "post",
  path: "/api/ai/chat",
  tags: ["chat"],
  summary: "Talk with a persona in a room",
  description:
    "Stores the user's message before any LLM call. With `Accept: text/event-stream` or `stream: true` the reply streams as SSE events `meta`, `token`, `done` (the full ChatReply) or `error`. Crisis language gets human resources without an LLM call (`flagged: true`). X-Cache tells HIT, MISS or BYPASS.",
  security: bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { body: jsonBody(ChatRequestSchema) },
  responses: {
    200: {
      description: "The persona's reply (JSON, or an SSE stream when asked)",
      content: { "application/json": { schema: ChatReplySchema }, "text/event-stream": { schema: z.string() } },
    },
    ...errorResponses("VALIDATION_FAILED", "AI_REQUEST_REJECTED", "UNAUTHORIZED", "DISCLAIMER_REQUIRED", "NOT_FOUND", "RATE_LIMITED", "AI_UNAVAILABLE"),
  },
});

/** Like Promise.all, but waits for every promise and throws the first refusal in list order, not in time. */
async function allInOrder<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  for (const outcome of settled) if (outcome.status === "rejected") throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function wantsStream(c: Context<AppEnv>, asked: boolean | undefined): boolean {
  return asked === true || (c.req.header("Accept") ?? "").includes("text/event-stream");
}

/** A complete reply as a one-token stream, for crisis and cached answers asked for as SSE. */
function streamWhole(c: Context<AppEnv>, reply: ChatReply) {
  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ event: "meta", data: JSON.stringify({ conversationId: reply.conversationId, provider: reply.provider, model: reply.model, cached: reply.cached }) });
    await stream.writeSSE({ event: "token", data: JSON.stringify({ text: reply.reply }) });
    await stream.writeSSE({ event: "done", data: JSON.stringify(reply) });
  });
}

async function streamFresh(c: Context<AppEnv>, chat: ChatService, prepared: PreparedChat) {
  const open = await chat.openStream(prepared);
  const { started } = open;
  return streamSSE(c, async (stream) => {
    await stream.writeSSE({ event: "meta", data: JSON.stringify({ conversationId: prepared.exchange.conversationId, provider: started.provider.name, model: started.provider.model, cached: false }) });
    let text = started.firstChunk;
    try {
      if (text) await stream.writeSSE({ event: "token", data: JSON.stringify({ text }) });
      for (let next = await started.rest.next(); !next.done; next = await started.rest.next()) {
        text += next.value;
        await stream.writeSSE({ event: "token", data: JSON.stringify({ text: next.value }) });
      }
    } catch (error) {
      const failure = await chat.abortStream(prepared, open, error);
      await stream.writeSSE({ event: "error", data: JSON.stringify({ code: failure.code, message: failure.message, requestId: c.var.requestId }) });
      return;
    }
    await stream.writeSSE({ event: "done", data: JSON.stringify(await chat.finishStream(prepared, open, text)) });
  });
}

export function registerChatRoute(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { config, db, chat, cache } = c.var.services;
    const body = c.req.valid("json");
    if (body.message.length > config.chat.messageMaxLength) {
      throw new AppError("VALIDATION_FAILED", `Message is longer than ${config.chat.messageMaxLength} characters`, {
        details: [{ path: "json.message", message: `at most ${config.chat.messageMaxLength} characters` }],
      });
    }
    const limits = config.rateLimits;
    const { userId } = c.var.auth;
    // The gates and the preparation (which writes nothing) run at once, to save round trips;
    // a refusal is reported in the order of the gates, whichever answered first.
    const [, , prepared] = await allInOrder([
      requireAcceptedDisclaimer(db, cache, userId),
      enforceRateLimits(c, [
        { policy: { name: "ai-minute", limit: limits.aiPerMinute, windowSeconds: 60 }, key: userId },
        { policy: { name: "ai-hour", limit: limits.aiPerHour, windowSeconds: 3600 }, key: userId },
      ]),
      chat.prepare(body, { userId, requestId: c.var.requestId }),
    ] as const);
    const streaming = wantsStream(c, body.stream);
    c.header("X-Numira-Disclaimer", DISCLAIMER_HEADER);

    if (prepared.crisisCategory) {
      c.header("X-Cache", "BYPASS");
      const reply = await chat.answerCrisis(prepared, prepared.crisisCategory);
      return streaming ? streamWhole(c, reply) : c.json(reply, 200);
    }
    c.header("X-Cache", !cache.enabled ? "BYPASS" : prepared.cachedAnswer ? "HIT" : "MISS");
    if (prepared.cachedAnswer) {
      const reply = await chat.answerFromCache(prepared, prepared.cachedAnswer);
      return streaming ? streamWhole(c, reply) : c.json(reply, 200);
    }
    return streaming ? streamFresh(c, chat, prepared) : c.json(await chat.answer(prepared), 200);
  });
}
