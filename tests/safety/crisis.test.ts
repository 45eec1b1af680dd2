import { describe, expect, it } from "vitest";
import { crisisReply, detectCrisis, type CrisisCategory } from "../../src/safety";

const POSITIVES: Array<[string, CrisisCategory]> = [
  ["I want to die", "suicide"],
  ["honestly i just want to die tbh", "suicide"],
  ["I don’t want to be here anymore", "suicide"],
  ["i dont want to be here anymore. nobody would notice", "suicide"],
  ["I'm going to kill myself tonight", "suicide"],
  ["I WANT TO KILL MYSELF", "suicide"],
  ["im gonna kms", "suicide"],
  ["everything is falling apart, kms", "suicide"],
  ["been thinking about unaliving myself lately", "suicide"],
  ["I'm so done. I want to unalive", "suicide"],
  ["I just want to end it all", "suicide"],
  ["I want to end my life", "suicide"],
  ["I'm thinking about taking my own life", "suicide"],
  ["I've been having suicidal thoughts again", "suicide"],
  ["I feel suicidal and I don't know who to tell", "suicide"],
  ["Im suicidal", "suicide"],
  ["I keep thinking about killing myself", "suicide"],
  ["I've been thinking about suicide a lot", "suicide"],
  ["Everyone would be better off without me", "suicide"],
  ["I wish I was dead", "suicide"],
  ["I don't want to live anymore", "suicide"],
  ["i dont wanna be alive", "suicide"],
  ["There's no reason to live anymore", "suicide"],
  ["I have nothing left to live for", "suicide"],
  ["I wish I could go to sleep and never wake up", "suicide"],
  ["I wrote a suicide note last night", "suicide"],
  ["I'm going to jump off the bridge after work", "suicide"],
  ["I'm thinking of overdosing on my sleeping pills", "suicide"],
  ["I just... want to die", "suicide"],
  ["I should just kill myself, I ruin everything", "suicide"],
  ["I'm planning my suicide", "suicide"],
  ["nobody would care if I was gone", "suicide"],
  ["I want to stop existing", "suicide"],

  ["I want to hurt myself", "self_harm"],
  ["I’ve been cutting myself again", "self_harm"],
  ["I cut myself again after the argument", "self_harm"],
  ["i keep wanting to self harm", "self_harm"],
  ["I relapsed and self-harmed yesterday", "self_harm"],
  ["I have the urge to cut again", "self_harm"],
  ["i've been hurting myself on purpose", "self_harm"],
  ["I'm scared I'll hurt myself tonight", "self_harm"],
  ["I feel like hurting myself", "self_harm"],
  ["I need to hurt myself to feel something", "self_harm"],
  ["I self harm when I'm stressed", "self_harm"],
  ["I want to slit my wrists", "self_harm"],

  ["He has a knife and is coming", "immediate_danger"],
  ["I'm not safe right now", "immediate_danger"],
  ["Someone is breaking into my house", "immediate_danger"],
  ["My husband is pointing a gun at me", "immediate_danger"],
  ["I just took a whole bottle of sleeping pills", "immediate_danger"],
  ["I took an overdose an hour ago", "immediate_danger"],
  ["I cut too deep and can't stop the bleeding", "immediate_danger"],
  ["he's outside my door with a gun", "immediate_danger"],
  ["I don't feel safe at home right now", "immediate_danger"],
  ["My ex is trying to kill me", "immediate_danger"],
  ["I'm standing on the ledge", "immediate_danger"],
  ["I have a gun and I'm thinking of using it on myself", "immediate_danger"],

  ["My partner hits me", "abuse"],
  ["I'm being abused", "abuse"],
  ["My boyfriend punched me last night", "abuse"],
  ["my dad beats me when he's drunk", "abuse"],
  ["He slapped me again today", "abuse"],
  ["My husband forces me to have sex", "abuse"],
  ["I'm in an abusive relationship and I don't know how to leave", "abuse"],
  ["My stepdad touches me inappropriately", "abuse"],
  ["My girlfriend keeps hitting me", "abuse"],
  ["I was raped at a party last weekend", "abuse"],
  ["My mom chokes me when she gets angry", "abuse"],
  ["I'm scared of my husband", "abuse"],
  ["My wife threatened to kill me if I leave", "abuse"],
  ["I'm afraid my husband will hurt me", "abuse"],
  ["My parents are abusive", "abuse"],
];

const NEGATIVES: string[] = [
  "This deadline is killing me",
  "I could die of embarrassment after that meeting",
  "I killed it at my presentation today!",
  "I'm reading a book about suicide prevention",
  "My feet are killing me after that hike",
  "I'm dying to know what happens next in the series",
  "I'd kill for a good night's sleep",
  "My mom is going to kill me when she sees my grades",
  "I nearly killed myself laughing at that video",
  "I cut myself chopping onions last night",
  "I hurt myself at the gym yesterday",
  "I've been cutting myself off from friends lately",
  "I need to start cutting myself some slack",
  "I'm killing myself trying to get this project done",
  "I don't want to be here at this job anymore",
  "My grandmother died by suicide in 1998 and I still think about her",
  "I ran 10 kms this morning",
  "I don't want to die, I'm just scared about my health",
  "When my voice cracked on stage I wanted to die",
  "My friend is in an abusive relationship and I want to help her",
  "My brother beat me at chess again",
  "My boss hit me with another deadline today",
  "I'm not safe driving when I'm this tired",
  "I don't feel safe sharing my opinions at work",
  "Years ago I tried to kill myself, but today I'm celebrating five years of recovery",
  "I used to cut myself when I was a teenager, and I'm proud of how far I've come",
  "The podcast about overdose deaths in my town made me sad",
  "I'm going to overdose on coffee to survive this week",
  "My husband has a gun license and we go hunting every fall",
  "I want to end it with my boyfriend but I'm scared",
  "I'm scared of my boyfriend leaving me",
  "I'm thinking about suicide prevention training for volunteers",
  "I'm worried my sister is suicidal",
  "I'm not suicidal, just really tired",
  "I would never hurt myself, but I get really low some days",
  "I'm ready to take my life back from anxiety",
  "I don't want to live in this city forever",
  "There's no point in living in the city if I work remotely",
  "My team would be better off without me on this project",
  "I'm shooting myself in the foot by procrastinating",
  "I want to cut myself off from social media for a month",
  "My dad hit me up about dinner on Sunday",
  "I'm scared of my mom finding out I failed",
  "I keep thinking about dying of a heart attack, my health anxiety is bad",
  "I wanted to disappear when I tripped in front of everyone",
  "I overdosed on Netflix this weekend",
  "Her words cut too deep",
  "Rent is murder this month",
  "I'm dead serious about changing careers",
  "Suicide Squad was a terrible movie",
  "My sister hits me with guilt trips all the time",
  "He has a gun collection and I'm scared of guns",
  "I want to die happy and old with my wife",
  "I keep cutting myself shaving",
  "I'm scared I'll hurt myself if I go back to lifting too soon",
  "My husband abused my trust by lying",
  "I don't feel safe telling my family I'm gay",
  "I want to take my life in a new direction",
];

describe("detectCrisis", () => {
  it.each(POSITIVES)("flags %j as %s", (message, category) => {
    const assessment = detectCrisis(message);
    expect(assessment).toMatchObject({ crisis: true, category });
    if (assessment.crisis) expect(message).toContain(assessment.matched);
  });

  it.each(NEGATIVES)("lets %j through", (message) => {
    expect(detectCrisis(message)).toEqual({ crisis: false });
  });

  it("quotes the original text, curly apostrophes and case included", () => {
    expect(detectCrisis("Honestly? I DON’T want to live anymore.")).toEqual({ crisis: true, category: "suicide", matched: "DON’T want to live" });
  });

  it("prefers the most urgent category when several match", () => {
    expect(detectCrisis("My partner hits me and I want to die")).toMatchObject({ category: "suicide" });
    expect(detectCrisis("I want to die and he has a knife and is coming")).toMatchObject({ category: "immediate_danger" });
  });

  it("treats a resolved past as reflection unless it says it is back", () => {
    expect(detectCrisis("When I was 15 I tried to kill myself.")).toEqual({ crisis: false });
    expect(detectCrisis("When I was 15 I tried to kill myself. Those thoughts are coming back.")).toMatchObject({ category: "suicide" });
    expect(detectCrisis("I used to hurt myself on purpose and I've started again")).toMatchObject({ category: "self_harm" });
  });
});

describe("crisisReply", () => {
  const categories: CrisisCategory[] = ["suicide", "self_harm", "immediate_danger", "abuse"];

  it.each(categories)("gives human resources for %s in under 120 words", (category) => {
    const reply = crisisReply(category);
    expect(reply).toContain("988");
    expect(reply).toContain("text HOME to 741741");
    expect(reply).toContain("findahelpline.com");
    expect(reply).toContain("911");
    expect(reply.split(/\s+/).length).toBeLessThanOrEqual(120);
    expect(reply).not.toMatch(/diagnos|disorder|depression/i);
  });

  it("adds the domestic violence hotline for abuse only", () => {
    expect(crisisReply("abuse")).toContain("1-800-799-7233");
    expect(crisisReply("abuse")).toContain("text START to 88788");
    expect(crisisReply("suicide")).not.toContain("1-800-799-7233");
  });

  it("leads with the emergency number when someone is in immediate danger", () => {
    const reply = crisisReply("immediate_danger");
    expect(reply.indexOf("911")).toBeLessThan(reply.indexOf("988"));
  });
});
