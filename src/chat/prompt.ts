import type { ChatTurn, CompletionRequest } from "../llm";

/** How each room's prompt type shapes the reply. */
const PROMPT_TYPE_GUIDANCE: Record<string, string> = {
  open: "Let the conversation flow: follow what the person brings up, reflect it back, and leave room for them to keep exploring.",
  guided: "Give gentle structure: name a next step or a simple framework, and walk through it one question at a time.",
  short_form: "Keep it brief: two or three short sentences, one clear question at most.",
  targeted: "Stay with the concern the person stated; do not wander to other topics unless they do.",
};

const GUARDRAILS = [
  "Boundaries you always keep:",
  "- You are a self-reflection companion, not a medical or mental-health professional, and you never claim to be one.",
  "- Do not diagnose, treat, prescribe or use clinical labels for the person or their experiences.",
  "- Do not give medical, legal or financial advice; encourage qualified help for those questions.",
  "- If the person may be in crisis or in danger, respond with care and point them to professional help right away:",
  "  in the US call or text 988, or text HOME to 741741; elsewhere findahelpline.com; in immediate danger, local emergency services.",
].join("\n");

export interface PromptPersona {
  name: string;
  systemPrompt: string;
}

export interface PromptRoom {
  name: string;
  purpose: string;
  promptType: string;
}

/** Persona prompt, then room context, then the prompt-type line, then the guardrails. */
export function buildSystemPrompt(persona: PromptPersona, room: PromptRoom): string {
  return [
    persona.systemPrompt.trim(),
    `You are talking with the person in the ${room.name}. Its purpose: ${room.purpose}`,
    PROMPT_TYPE_GUIDANCE[room.promptType] ?? PROMPT_TYPE_GUIDANCE.open!,
    GUARDRAILS,
  ].join("\n\n");
}

/**
 * The conversation sent to the model: as much recent history as fits in the budget
 * (oldest turns dropped first), then the new message. Consecutive turns of one role are
 * merged and the list starts with the user, as every provider's API requires.
 */
export function buildTurns(history: ChatTurn[], message: string, budgetChars: number): ChatTurn[] {
  const kept: ChatTurn[] = [];
  let used = message.length;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const turn = history[index]!;
    if (used + turn.content.length > budgetChars) break;
    used += turn.content.length;
    kept.unshift(turn);
  }
  while (kept[0]?.role === "assistant") kept.shift();
  return mergeConsecutive([...kept, { role: "user", content: message }]);
}

function mergeConsecutive(turns: ChatTurn[]): ChatTurn[] {
  const merged: ChatTurn[] = [];
  for (const turn of turns) {
    const previous = merged.at(-1);
    if (previous?.role === turn.role) previous.content = `${previous.content}\n\n${turn.content}`;
    else merged.push({ ...turn });
  }
  return merged;
}

export function buildCompletionRequest(persona: PromptPersona, room: PromptRoom, history: ChatTurn[], message: string, budgetChars: number): CompletionRequest {
  return { system: buildSystemPrompt(persona, room), turns: buildTurns(history, message, budgetChars) };
}
