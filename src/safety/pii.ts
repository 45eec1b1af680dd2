export type PiiKind = "email" | "phone" | "card" | "ssn" | "address";

export type PiiRedaction = { kind: PiiKind; count: number };

export type RedactedText = { text: string; redactions: PiiRedaction[] };

type Detector = { kind: PiiKind; pattern: RegExp; isReal?: (candidate: string) => boolean };

/** Bounded repeats (RFC lengths) keep a long run of word characters from costing quadratic time. */
const EMAIL = /\b[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}\b/g;

/** 123-45-6789 or 123 45 6789 with one consistent separator; area 000, 666 and 9xx, group 00 and serial 0000 are never issued. */
const SSN = /(?<![\w-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\w-])/g;

/**
 * 4-4-4-4, Amex/Diners 4-6-5 / 4-6-4 (one consistent space or dash), or 13–19 unbroken digits; Luhn decides.
 * Issuer numbers start 2–6, which keeps epoch-millisecond timestamps and most reference numbers out.
 */
const CARD = /(?<![\w+-])(?=[2-6])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})(?![\w-])/g;

/**
 * International numbers need their leading +; North American ones need separators or parentheses and an
 * area code starting 2–9, so years, times, dates, prices, versions and bare counts never qualify.
 */
const PHONE = new RegExp(
  [
    String.raw`(?<![\w+])\+\d{1,3}(?:[ .-]?(?:\(\d{1,4}\)|\d{1,5})){1,6}`,
    String.raw`(?<![\w+.$/-])(?:1[ .-])?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}`,
  ].join("|") + String.raw`(?![\w-]|[.,/:]\d)`,
  "g",
);

const STREET_TYPES = ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Court", "Ct", "Way", "Place", "Pl", "Terrace", "Ter"];
const UNIT_TYPES = ["Apartment", "Apt", "Unit", "Suite", "Ste", "Flat"];
const anyCase = (words: string[]) => words.flatMap((word) => [word, word.toLowerCase(), word.toUpperCase()]).join("|");

/**
 * A year after "in", "since", "the", … ("In 2019 Penny Lane was…") is a date, not a house number.
 * The leading (?=\d) keeps the lookbehinds from rescanning long runs of blanks at every position.
 */
const YEAR_CUES = anyCase(["The", "In", "Since", "Until", "Till", "From", "During", "Before", "After", "By", "Of", "Year"]);
const HOUSE_NUMBER = String.raw`(?=\d)(?<![\w$.,:/-])(?:(?!(?:19|20)\d\d\b)|(?<!\b(?:${YEAR_CUES})[ \t]{1,3}))\d{1,6}[A-Za-z]?(?:-\d{1,6})?`;
const STREET_TAIL = [
  String.raw`(?:${anyCase(STREET_TYPES)})\b`,
  String.raw`(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b)?`,
  String.raw`(?:\.?,?[ \t]*(?:(?:${anyCase(UNIT_TYPES)})\b\.?[ \t]*#?|#[ \t]*)(?:[A-Za-z]?\d[A-Za-z0-9-]*|[A-Za-z]\b))?`,
  String.raw`(?:,[ \t]*[A-Z][a-zA-Z]+(?:[ \t]+[A-Z][a-zA-Z]+){0,2},?[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?)?`,
].join("");

/**
 * A house number, one to three street-name words and a street type. Anywhere in the text the name must be
 * Capitalised or an ordinal ("742 Evergreen Terrace", "350 5th Ave"), which keeps "I walked 5 blocks down
 * the street" and "Chapter 12 Road to recovery" (no name word) intact. After "I live at", "my address is", …
 * lowercase names count too ("i live at 42 elm street").
 */
const NAMED_STREET = new RegExp(String.raw`${HOUSE_NUMBER}[ \t]+(?:(?:[A-Z][\w'.-]*|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,3}?${STREET_TAIL}`, "g");
const ADDRESS_CUE = String.raw`(?=\d)(?<=\b(?:live|lives|living|lived|stay|stays|staying|moved|moving|move)[ \t]{1,3}(?:at|on|to|in)[ \t]{1,3}|\baddress(?:[ \t]{1,3}is)?[ \t]{0,3}:?[ \t]{0,3})`;
const NOT_A_NAME = String.raw`(?!(?:the|a|an|my|from|to|of|on|in|at|down|up|and|or|off|by|near|minutes?|mins?|blocks?|miles?|km|kms|hours?)\b)`;
const CUED_STREET = new RegExp(String.raw`${ADDRESS_CUE}${HOUSE_NUMBER}[ \t]+(?:${NOT_A_NAME}[\w'.-]+[ \t]+){1,3}?${STREET_TAIL}`, "gi");

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let position = 0; position < digits.length; position++) {
    let digit = Number(digits[digits.length - 1 - position]);
    if (position % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

const digitsOf = (candidate: string) => candidate.replace(/\D/g, "");

/** Earlier detectors run first so later ones never see their digits: cards before phones, emails before all. */
const DETECTORS: readonly Detector[] = [
  { kind: "email", pattern: EMAIL },
  { kind: "ssn", pattern: SSN },
  { kind: "card", pattern: CARD, isReal: (candidate) => passesLuhn(digitsOf(candidate)) },
  { kind: "phone", pattern: PHONE, isReal: (candidate) => digitsOf(candidate).length >= 8 && digitsOf(candidate).length <= 15 },
  { kind: "address", pattern: NAMED_STREET },
  { kind: "address", pattern: CUED_STREET },
];

/** Replaces emails, phone numbers, card and SSN numbers and street addresses with [kind]; all other text is left byte-for-byte. */
export function redactPii(text: string): RedactedText {
  const counts = new Map<PiiKind, number>();
  let redacted = text;
  for (const { kind, pattern, isReal } of DETECTORS) {
    redacted = redacted.replace(pattern, (candidate) => {
      if (isReal && !isReal(candidate)) return candidate;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return `[${kind}]`;
    });
  }
  return { text: redacted, redactions: [...counts].map(([kind, count]) => ({ kind, count })) };
}

export function redactPiiText(text: string): string {
  return redactPii(text).text;
}
