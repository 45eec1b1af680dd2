/** The disclaimer every user accepts before chatting or journaling. Bump the version when the text changes. */
export const DISCLAIMER = {
  version: "2026-12-01",
  validityDays: 90,
  text: [
    "Numira is a companion for self-reflection. It is not therapy, counselling or medical care,",
    "and nothing it says is a diagnosis, treatment or professional advice. Its replies are written",
    "by an AI and can be wrong. If you are in crisis or thinking about harming yourself, contact",
    "local emergency services or a crisis line now: in the US call or text 988, or text HOME to",
    "741741; elsewhere, find a line at findahelpline.com.",
  ].join(" "),
} as const;

/** A one-line form for the X-Numira-Disclaimer header on AI responses. */
export const DISCLAIMER_HEADER = `Numira is not therapy or medical advice (disclaimer ${DISCLAIMER.version})`;
