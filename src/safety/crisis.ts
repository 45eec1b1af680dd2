export type CrisisCategory = "self_harm" | "suicide" | "immediate_danger" | "abuse";

export type CrisisAssessment = { crisis: false } | { crisis: true; category: CrisisCategory; matched: string };

type CrisisRule = { category: CrisisCategory; name: string; pattern: RegExp };

/*
 * Pattern sources are written with single spaces between words; `rule()` turns each space into a gap
 * that also accepts runs of whitespace, commas, dashes and ellipses ("I just... want to die").
 * Apostrophes are written as ' and matched after curly/modifier apostrophes are normalised.
 */
const GAP = String.raw`(?:\s*(?:\.{2,}|…|[,—–-])\s*|\s+)`;

function rule(category: CrisisCategory, name: string, source: string): CrisisRule {
  return { category, name, pattern: new RegExp(source.replaceAll(" ", GAP), "gim") };
}

/** The speaker as subject: "I", "I'm", "Im", "I've", "I'd", "I'll", "I am", … */
const SELF = String.raw`\b(?:i|i'?m|i am|i'?ve|i have|i'd|i would|i'll|i will)`;
/** Softeners that may sit between the subject and the verb: "I honestly just want to…", "I've been feeling…". */
const FILLER = `(?:(?:just|really|so|very|honestly|seriously|actually|literally|genuinely|truly|still|always|often|sometimes|constantly|again|now|even|also|kinda|kind of|sort of|a bit|a little|keep|kept|been|feeling|started|starting to|lowkey) ){0,4}`;
const PERSON = String.raw`partner|husband|wife|boyfriend|girlfriend|bf|gf|fianc[eé]e?|spouse|ex ?(?:husband|wife|boyfriend|girlfriend|partner)|ex|step ?(?:dad|father|mom|mum|mother)|dad|father|mom|mum|mother|parents?|brother|sister|uncle|aunt|grandpa|grandfather|cousin|roommate|flatmate|carer|caregiver`;
const ABUSER = `(?:he|she|my (?:${PERSON}))`;
const PARTNER = String.raw`partner|husband|wife|boyfriend|girlfriend|bf|gf|spouse|fianc[eé]e?`;
const MEDS = "sleeping pills|pills|meds|medication|medicine|tablets|painkillers|insulin|tylenol|paracetamol|acetaminophen|ibuprofen|advil|aspirin|xanax|opioids|oxy|heroin|fentanyl";
/** "overdose on coffee / Netflix" is figurative; "overdose on my pills" is not. */
const NOT_FIGURATIVE_OVERDOSE = `(?! on (?!(?:my |all my |all of my |the |some |these )?(?:${MEDS})))`;
const SENTENCE_END = String.raw`\s*(?:[.!?,;]|$)`;

/** Checked in this order, so the most urgent category wins when a message matches several. */
const RULES: readonly CrisisRule[] = [
  rule("immediate_danger", "armed and threatening", String.raw`\b(?:has|have|has got|'s got|got|is holding|holding|pulled|pulled out|is waving|waving|grabbed|is carrying|carrying) (?:a|an|his|her|their|my|the) (?:knife|gun|pistol|rifle|shotgun|weapon|machete|blade)\b(?! (?:collection|licen[cs]e|safe|cabinet|permit|rack|show|range|club|for (?:hunting|work|cooking))\b)(?=[^.!?]{0,80}\b(?:coming|threaten|kill|hurt|shoot|stab|point|chas|outside|door|window|after me|at me|on myself|scared|afraid|terrified|help me|inside|in the house|locked|hiding))`),
  rule("immediate_danger", "weapon pointed at me", String.raw`\b(?:pointing|aiming|waving|holding) (?:a|an|the|his|her|their) (?:knife|gun|pistol|rifle|weapon) at me\b`),
  rule("immediate_danger", "armed at my door", String.raw`\b(?:outside|at|in) (?:my|the) (?:door|window|house|home|apartment|room|bedroom) with (?:a|an) (?:knife|gun|weapon|bat)\b`),
  rule("immediate_danger", "not safe right now", `${SELF} ${FILLER}not safe\\b(?= (?:right now|now|here|at home|tonight|in (?:my|this) (?:house|home|apartment|room))|${SENTENCE_END})`),
  rule("immediate_danger", "don't feel safe", `\\bi (?:don'?t|do not) feel safe\\b(?= (?:right now|now|here|at home|tonight|in (?:my|this) (?:own )?(?:house|home|apartment|room)|around (?:him|her|them|my (?:${PERSON})))|${SENTENCE_END})`),
  rule("immediate_danger", "break-in", `\\b(?:someone|somebody|a man|a guy|he|she|they|people)(?:'s| is| are|'re)? (?:trying to )?break(?:ing)? (?:in(?:${SENTENCE_END}| right now| now)|into (?:my|our|the) (?:house|home|apartment|flat|room|place))`),
  rule("immediate_danger", "someone trying to kill me", `\\b(?:he|she|they|someone|somebody|my (?:${PERSON}))(?:'s| is| are|'re) (?:trying|coming) to (?:kill|stab|shoot|strangle|choke) me\\b(?! with\\b)`),
  rule("immediate_danger", "overdose taken", `\\bi(?:'?ve| have)? (?:just |already )?(?:took|taken|swallowed) (?:an overdose|too many (?:of my )?(?:${MEDS})|(?:a|the|my) (?:whole|entire|full) (?:bottle|pack|packet|box) of (?:my )?(?:${MEDS})|all (?:of )?my (?:${MEDS}) at once)\\b`),
  rule("immediate_danger", "overdosed", `\\bi(?:'?ve| have)? (?:just |already )?overdosed\\b${NOT_FIGURATIVE_OVERDOSE}`),
  rule("immediate_danger", "cut too deep", String.raw`\bi (?:just )?cut (?:myself )?too deep\b|\b(?:can'?t|cannot) stop (?:the )?bleeding\b|\bthe bleeding (?:won'?t|will not) stop\b`),
  rule("immediate_danger", "on the ledge", `${SELF} ${FILLER}(?:standing |sitting )?on (?:the|a) (?:ledge|edge of (?:the|a) (?:roof|bridge|building|platform|balcony))\\b`),

  rule("suicide", "kill myself", String.raw`\bkill my ?self\b(?! for (?!real\b))`),
  rule("suicide", "kms", String.raw`\bkms\b(?<!(?:\d|\b(?:few|many|several|couple of|of|the))\s*kms)`),
  rule("suicide", "thinking of killing myself", String.raw`\b(?:think|thinking|thought|thoughts|considering|consider|planning|plan on|imagining|fantasi[sz]ing|dreaming) (?:about |of |on )?killing my ?self\b`),
  rule("suicide", "unalive", `\\bunaliv(?:e|ing) my ?self\\b|${SELF} ${FILLER}(?:want to|wanna|going to|gonna|plan to|planning to|thinking about|think about) unaliv(?:e|ing)\\b`),
  rule("suicide", "end it all", String.raw`\bend(?:ing)? it all\b|\bwant (?:it all|everything) to end\b|\b(?:going to|gonna|about to|ready to|plan to|planning to) end it (?:tonight|today|right now)\b`),
  rule("suicide", "end my life", String.raw`\b(?:end|ending|take|taking) my (?:own )?life\b(?! (?:back|in|into|to|forward|seriously|apart|by)\b)`),
  rule("suicide", "hang or shoot myself", String.raw`\b(?:hang|hanging) my ?self\b|\b(?:shoot|shooting) my ?self\b(?! in the foot\b)`),
  rule("suicide", "use it on myself", String.raw`\b(?:use|using) (?:it|them|the gun|a gun|the knife|a knife|the pills) on my ?self\b`),
  rule("suicide", "done with life", String.raw`\b(?:i'?m|i am) (?:so |just )?done (?:with )?(?:life|living|being alive)\b(?! (?:as|like)\b)|\blife (?:isn'?t|is not|is no longer) worth living\b(?! without\b)`),
  rule("suicide", "no one would miss me", String.raw`\b(?:nobody|no one|no-one) (?:would|will|'d) (?:care|notice|miss me) if i (?:died|was dead|were dead|killed myself|was gone|were gone|wasn'?t alive)\b`),
  rule("suicide", "I'm suicidal", `(?:${SELF}|\\bfeeling|\\bfelt) ${FILLER}(?:feel |felt |get |got |am )?suicidal\\b`),
  rule("suicide", "suicidal thoughts", `(?:${SELF} ${FILLER}|^|\\bmy )(?:having |have |had |get |getting |got )?(?:suicidal (?:thoughts|ideation|urges|feelings)|thoughts (?:of|about) (?:suicide|killing myself|ending (?:it|my life)|dying\\b(?! (?:of|from)\\b)))`),
  rule("suicide", "thinking about suicide", `${SELF} ${FILLER}(?:think|thinking|thought|considering|contemplating|planning|researching) (?:about |of )?(?:suicide|committing suicide|dying)\\b(?! (?:prevention|awareness|rates?|statistics|research|hotlines?|lines?|loss|survivors?|of|from)\\b)`),
  rule("suicide", "commit suicide", `${SELF} ${FILLER}(?:(?:want|going|plan|planning|about|trying|try|need|have) to |wanna |gonna |might |could |should |will )?commit(?:ting)? suicide\\b`),
  rule("suicide", "want to die", `${SELF} ${FILLER}(?:want(?:ing)? to|wanna|wish i could|deserve to) (?:die|be dead|not exist|stop existing|cease to exist|not be alive|disappear forever)\\b(?! (?:of|from|laughing|for|my hair|happy|old)\\b)`),
  rule("suicide", "wish I were dead", String.raw`\bwish (?:that )?i (?:was|were) dead\b|\bwish i (?:wasn'?t|weren'?t|was not|were not) alive\b|\bwish i (?:was|were|had|'d) never (?:been )?born\b|\bwish i (?:wouldn'?t|won'?t|would not|will not) wake up\b`),
  rule("suicide", "don't want to be alive", String.raw`\b(?:don'?t|do not|no longer) (?:want|wanna) (?:to )?(?:be alive|keep living)\b`),
  rule("suicide", "don't want to live", `\\b(?:don'?t|do not|no longer) (?:want|wanna) (?:to )?(?:live|exist|go on)\\b(?= any ?more| any longer|${SENTENCE_END}| (?:and|but|because|or)\\b)`),
  rule("suicide", "don't want to be here anymore", String.raw`\b(?:don'?t|do not|no longer) (?:want|wanna) (?:to )?be here (?:any ?more|any longer|on (?:this )?earth|in this world)\b`),
  rule("suicide", "never wake up", String.raw`\b(?:don'?t|do not|never) (?:want|wanna) (?:to )?wake up (?:again|any ?more|ever again)\b|\b(?:go to sleep|fall asleep|sleep) and (?:never|not) wake up\b`),
  rule("suicide", "better off without me", String.raw`\bbetter off dead\b|\b(?:everyone|everybody|the world|my family|my kids|my friends|my parents|people|they|you all|y'?all) (?:would|will|'d) be better off (?:without me|if i (?:was|were) (?:dead|gone)|if i died)\b`),
  rule("suicide", "no reason to live", String.raw`\bno (?:reason|point) (?:to|in|of) (?:live|living|go on|going on|keep going|keep living|be alive|being alive|stay alive|staying alive)\b(?! (?:in|with|near|there|here|like|at|on|to)\b)|\bnothing (?:left )?to live for\b|\b(?:can'?t|cannot) (?:go on|keep) living\b`),
  rule("suicide", "suicide note or plan", `\\bmy suicide (?:note|letter|plan)\\b|\\bplan(?:ning|ned)? (?:out )?my (?:suicide|death)\\b|${SELF} ${FILLER}(?:wrote|written|writing|write|drafted) (?:a|my) suicide (?:note|letter)\\b`),
  rule("suicide", "jump to my death", String.raw`\b(?:want to|wanna|going to|gonna|about to|plan to|planning to|thinking about|think about|ready to) (?:jump|jumping|throw myself) (?:off|from|in front of) (?:a |the |this |that |my )?(?:bridge|roof|rooftop|building|balcony|ledge|overpass|window|train|car|bus|truck|traffic|subway)\b`),
  rule("suicide", "planning an overdose", `\\b(?:(?:want|going|plan|planning|about|tempted|ready) to|wanna|gonna|(?:think|thinking|thought) (?:about|of)) overdos(?:e|ing)\\b${NOT_FIGURATIVE_OVERDOSE}|\\b(?:take|taking|swallow|swallowing|down) (?:a|the|my) (?:whole|entire|full) (?:bottle|pack|packet|box) of (?:my )?(?:${MEDS})\\b|\\b(?:take|taking|swallow|swallowing) all (?:of )?my (?:${MEDS}) at once\\b`),

  rule("self_harm", "want to hurt myself", String.raw`\b(?:(?:want|wanting|going|about|planning|plan|need|needing|tempted|urges?) to (?:hurt|harm)|(?:wanna|gonna|i'll|(?:scared|afraid|worried) i(?:'?ll| might)) (?:hurt|harm)|(?:feel|felt|feeling) like (?:hurting|harming)|(?:think|thinking|thought) (?:about|of) (?:hurting|harming)) my ?self\b(?! (?:by|lifting|running|playing|doing|at|on|if|when|while|with (?:the|this|that))\b)`),
  rule("self_harm", "keep hurting myself", String.raw`\b(?:been|keep|kept|started|start|can'?t stop|cannot stop) (?:hurting|harming|burning) my ?self\b(?! (?:by|out|with (?:my|these|those|negative) thoughts)\b)`),
  rule("self_harm", "on purpose", String.raw`\b(?:hurt|harm|hurting|harming|cut|cutting|burn|burning|punish|punishing|hit|hitting) my ?self (?:on purpose|deliberately|intentionally)\b`),
  rule("self_harm", "cutting myself", String.raw`\bcutting my ?self\b(?! (?:off|out|some|a break|short|free|loose|down|shaving|while|by accident|accidentally|on the|in the)\b)`),
  rule("self_harm", "cut myself again", String.raw`\bcut my ?self (?:again|to feel|to cope|to punish)\b`),
  rule("self_harm", "want to cut myself", String.raw`\b(?:want|wanna|urges?|tempted|going|gonna|need|needing|thinking about|think about|thought about|feel like|felt like|feeling like) (?:to )?cut(?:ting)? my ?self\b(?! (?:off|out|some slack|a break|short|free|loose)\b)`),
  rule("self_harm", "urge to cut", `\\burges? to cut\\b(?= again\\b|${SENTENCE_END})`),
  rule("self_harm", "cut my wrists", String.raw`\b(?:cut|cutting|slit|slitting|slash|slashing) (?:open )?my (?:wrists?|veins|arms|thighs|legs)\b(?! (?:on|while|in|at)\b)`),
  rule("self_harm", "I self-harm", `${SELF} ${FILLER}self ?harm(?:ed|ing|s)?\\b(?! scars\\b)`),
  rule("self_harm", "urge to self-harm", String.raw`\b(?:urges?|want|wanna|wanting|tempted|need|going|gonna|thinking about|think about) (?:to )?self ?harm(?:ing)?\b|\brelaps(?:e|ed|ing)(?: and| on| into| with)? (?:self ?harm(?:ed|ing)?|cutting|hurting myself)\b`),

  rule("abuse", "hits me", `\\b${ABUSER} ${FILLER}hits? me\\b(?! (?:up|back)\\b| with (?:(?:the|some|a|an|another|this|that|those|these|his|her|their|all) )?(?:news|questions?|deadlines?|bills?|truth|requests?|ideas?|jokes?|compliments?|facts|reality|guilt(?: trips?)?|lectures?|surprises?|texts?|emails?|criticism|comments?|sarcasm)\\b)`),
  rule("abuse", "beats me", `\\b${ABUSER} ${FILLER}beats? me\\b(?! (?:at|in|to|by|on)\\b)`),
  rule("abuse", "violence against me", `\\b${ABUSER} ${FILLER}(?:punches|punched|slaps|slapped|kicks|kicked|chokes|choked|strangles|strangled|rapes|raped|molests|molested|abuses|abused|assaults|assaulted|sexually assaults|sexually assaulted|burns|burned|shoves|shoved|throws (?:things|stuff) at|threw (?:things|stuff|something) at) me\\b(?! (?:out|up|off)\\b)`),
  rule("abuse", "keeps hurting me", `\\b${ABUSER} (?:keeps|kept|started|starts|has been|'s been|is|was|has started) (?:hitting|beating|punching|slapping|kicking|choking|strangling|hurting|abusing|raping|molesting) me\\b(?! (?:at|in|to|up|with (?:the|his|her|their) (?:news|questions|words))\\b)`),
  rule("abuse", "touches me", `\\b${ABUSER} ${FILLER}(?:touches|touched|keeps touching) me (?:inappropriately|sexually|without (?:my )?consent|down there|when i (?:say|said) no|when i (?:tell|told) (?:him|her|them) no)`),
  rule("abuse", "threatens me", `\\b${ABUSER} ${FILLER}(?:threatens|threatened|is threatening|keeps threatening|has threatened) to (?:kill|hurt|hit|beat|stab|shoot) me\\b`),
  rule("abuse", "forced sex", String.raw`\b(?:forces|forced|makes|made|pressures|pressured|coerces|coerced) me (?:to )?(?:have sex|do sexual things|sleep with)\b`),
  rule("abuse", "I'm being abused", `${SELF} ${FILLER}(?:being|getting) (?:abused|raped|molested|sexually assaulted|assaulted|groomed|trafficked|beaten up|beaten|battered|strangled|choked)\\b(?! (?:at|in|on)\\b)`),
  rule("abuse", "I was assaulted", String.raw`\bi (?:was|got|have been|'ve been) (?:raped|sexually assaulted|molested|assaulted|abused|beaten up)\b`),
  rule("abuse", "abusive relationship", `${SELF} ${FILLER}(?:in|living in|stuck in|trapped in|live with|living with|married to|dating|with) (?:an?|my) (?:abusive|violent) (?:relationship|marriage|home|household|${PERSON})\\b|\\bmy (?:abusive|violent) (?:${PARTNER}|step ?(?:dad|father|mom|mum|mother)|dad|father|mom|mum|mother|parents?)\\b|\\bmy (?:${PERSON}) (?:is|are|'s|has been|have been|gets|get|becomes|can be) ${FILLER}(?:abusive|violent)\\b`),
  rule("abuse", "afraid they will hurt me", `\\b(?:scared|afraid|terrified|worried) (?:that )?${ABUSER} (?:will|'ll|is going to|'s going to|might) (?:hurt|hit|beat|rape) me\\b`),
  rule("abuse", "scared of my partner", `${SELF} ${FILLER}(?:scared|afraid|terrified|frightened) of my (?:${PARTNER})\\b(?!'s| \\w+ing\\b)`),
];

/** Negated just before the match: "I would never kill myself", "I'm not going to hurt myself". */
const NEGATED_BEFORE = /\b(?:not|never|don'?t|do not|won'?t|wouldn'?t|didn'?t|no longer)\s+(?:(?:ever|really|even|actually|going to|gonna|want to|wanna|try to|plan to|planning to|intend to|need to)\s+){0,2}$/i;

/*
 * Judgement call: a sentence that places the experience clearly in the past ("years ago", "when I was 15",
 * "I used to…") is reflection, not a present crisis, so it gets a normal reply — unless the message also
 * says it is happening again ("again", "still", "relapsed", "coming back", "tonight").
 */
const RESOLVED_PAST = /\b(?:(?:(?:\d+|a few|few|several|many|two|three|four|five|six|seven|eight|nine|ten|a couple of|couple of) )?(?:years|yrs|decades) ago|(?:when|while) i was (?:a (?:kid|child|teen|teenager)|younger|little|in (?:high school|middle school|college|university|my teens)|\d{1,2})|as a (?:kid|child|teen|teenager)|in my (?:teens|childhood|twenties)|back in (?:high school|middle school|college|university|the day)|(?:back )?in (?:19|20)\d\d|used to|in the past)\b/i;
const HAPPENING_AGAIN = /\b(?:again|still|relaps\w*|(?:coming|creeping|came|is|are) back|right now|tonight)\b/i;

/** Curly, modifier and grave apostrophes become ', keeping every index so `matched` can quote the original. */
function normaliseApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019\u02BC\u0060\u00B4\u2032]/g, "'");
}

function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(0, start).search(/[^.!?\n]*$/);
  const after = text.slice(end).search(/[.!?\n]|$/);
  return text.slice(before, end + after);
}

function isReflectionOnThePast(text: string, start: number, end: number): boolean {
  return RESOLVED_PAST.test(sentenceAround(text, start, end)) && !HAPPENING_AGAIN.test(text);
}

export function detectCrisis(text: string): CrisisAssessment {
  const normalised = normaliseApostrophes(text);
  for (const { category, pattern } of RULES) {
    for (const match of normalised.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (NEGATED_BEFORE.test(normalised.slice(0, start))) continue;
      if (isReflectionOnThePast(normalised, start, end)) continue;
      return { crisis: true, category, matched: text.slice(start, end) };
    }
  }
  return { crisis: false };
}

const REPLY_OPENINGS: Record<CrisisCategory, string> = {
  suicide: "I'm really glad you told me. What you're carrying sounds so heavy, and you deserve to have a real person with you in this right now.",
  self_harm: "Thank you for trusting me with this. It sounds like you're hurting a lot, and you don't have to carry it on your own.",
  immediate_danger: "Your safety comes first. Please call your local emergency number (911 in the US) now, or get somewhere safe and ask someone nearby for help.",
  abuse: "I'm so sorry this is happening to you. You deserve to be safe, and this is not your fault. In the US, the National Domestic Violence Hotline is there day and night: call 1-800-799-7233 or text START to 88788.",
};

const HELP_LINES = "Please reach out now: in the US, call or text 988 (Suicide & Crisis Lifeline), or text HOME to 741741 (Crisis Text Line). Outside the US, findahelpline.com lists free, confidential lines near you.";
const EMERGENCY = "If you're in immediate danger, call your local emergency number (911 in the US).";
const STILL_HERE = "I'm an AI, not a counsellor, but I'm here to listen while you reach out.";

/** A caring reply sent instead of an AI answer; it points to people who can help and never diagnoses. */
export function crisisReply(category: CrisisCategory): string {
  const emergency = category === "immediate_danger" ? [] : [EMERGENCY];
  return [REPLY_OPENINGS[category], HELP_LINES, ...emergency, STILL_HERE].join(" ");
}
