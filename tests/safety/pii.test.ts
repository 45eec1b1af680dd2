import { describe, expect, it } from "vitest";
import { redactPii, redactPiiText } from "../../src/safety";

const POSITIVES: Array<[string, string]> = [
  ["You can reach me at sarah.connor@example.com if the app crashes.", "You can reach me at [email] if the app crashes."],
  ["my email is jo+journal@mail.co.uk, write anytime", "my email is [email], write anytime"],
  ["My boss john.smith@company.com emailed me at 11pm again", "My boss [email] emailed me at 11pm again"],
  ["Call me at (555) 123-4567 tonight.", "Call me at [phone] tonight."],
  ["My number is 555-123-4567.", "My number is [phone]."],
  ["text 555.123.4567 if you need me", "text [phone] if you need me"],
  ["+1 555 123 4567 is my cell", "[phone] is my cell"],
  ["my therapist's office is +1 (555) 987-6543", "my therapist's office is [phone]"],
  ["I called 1-800-799-7233 last night and it helped", "I called [phone] last night and it helped"],
  ["my mum's number is +44 20 7946 0958", "my mum's number is [phone]"],
  ["Ring my sister on +33 1 42 68 53 00 when you land", "Ring my sister on [phone] when you land"],
  ["his number: +91 98765 43210", "his number: [phone]"],
  ["Sydney office +61 2 9374 4000, ask for Mia", "Sydney office [phone], ask for Mia"],
  ["My card 4242 4242 4242 4242 got declined and I'm spiraling", "My card [card] got declined and I'm spiraling"],
  ["I accidentally posted 4111-1111-1111-1111 in the group chat", "I accidentally posted [card] in the group chat"],
  ["amex 378282246310005 exp soon", "amex [card] exp soon"],
  ["the Amex is 3782 822463 10005", "the Amex is [card]"],
  ["card 5555555555554444", "card [card]"],
  ["Discover 6011 1111 1111 1117 exp 12/27", "Discover [card] exp 12/27"],
  ["My SSN is 123-45-6789 and I'm worried I shared it", "My SSN is [ssn] and I'm worried I shared it"],
  ["social 078 05 1120, please forget it", "social [ssn], please forget it"],
  ["I live at 742 Evergreen Terrace with my two cats", "I live at [address] with my two cats"],
  ["We moved to 221B Baker Street last spring", "We moved to [address] last spring"],
  ["Mail it to 1600 Pennsylvania Avenue NW, Washington, DC 20500 please", "Mail it to [address] please"],
  ["My new place is 123 Main St, Apt 4B and it's tiny", "My new place is [address] and it's tiny"],
  ["i live at 42 elm street apt 3 with my mom", "i live at [address] with my mom"],
  ["meet me at 350 5th Ave at noon", "meet me at [address] at noon"],
  ["my address is 10 downing st", "my address is [address]"],
  ["Send it to 55 Oak Ln. Thanks!", "Send it to [address]. Thanks!"],
  ["drop by 17 Cherry Tree Lane sometime", "drop by [address] sometime"],
  ["my new flat is 88 Harbor Blvd Unit 12, can't believe it", "my new flat is [address], can't believe it"],
  ["Email me at a@b.io or call 555-123-4567", "Email me at [email] or call [phone]"],
  ["old place 9 Elm St #2, new place 5 Oak Rd Unit C.", "old place [address], new place [address]."],
];

const NEGATIVES: string[] = [
  "I have been feeling really anxious lately and I don't know why.",
  "My name is Sarah Connor and I live with Anxiety.",
  "Big Sur felt like Home Again after Everything That Happened.",
  "I slept 4 hours last night.",
  "I've been sober since 2019.",
  "My therapy session is at 3:30pm on Tuesday.",
  "Rent went up to $1,200 a month and I'm stressed.",
  "The app updated to version 2.0.1 and my journal looks different.",
  "I walked 5 blocks down the street to clear my head.",
  "Chapter 12 Road to recovery really spoke to me.",
  "I finished 3 of my 10 goals this week.",
  "My mood was about 60% better after the walk.",
  "On 12/25/2023 everything changed.",
  "We met on 2024-03-15 at the coffee shop.",
  "I've had 3 panic attacks in 2 weeks.",
  "I scored 1450 on the SAT back in 2015.",
  "It took 45 minutes to get through 1,000 emails.",
  "Dr. Patel said I should journal every day.",
  "I lost 12.5 pounds since January.",
  "My daughter turns 16 on March 3rd.",
  "The 10:00-11:30 meeting was exhausting.",
  "Between 2018-2021 I moved three times.",
  "I've been clean for 365 days today!",
  "I spent 2 hours on the phone with my mom.",
  "Our team grew from 12 to 150 people in a year.",
  "My order #48213 still hasn't arrived.",
  "I ran a 5k in 28:45 this morning!",
  "I have been feeling better since my doctor changed my dose to 50mg.",
  "Follow me @sarah_reflects if you want.",
  "I got a score of +12 on the mood scale.",
  "In 2019 Penny Lane was my favourite song.",
  "My credit score went from 580 to 720 this year.",
  "Room 214 in Building C is where group meets.",
  "My library card number is 1234 5678 9012 3456, not that it matters.",
  "The ticket said 900-12-3456 but that's not a real number.",
  "I live 5 minutes from the main road.",
  "I walked down 5th Avenue and cried a little.",
  "I take 2 puffs of my inhaler 3 times a day.",
  "I called 988 and then texted 741741.",
  "We lived at the end of a long road for 12 years.",
  "The 2020 Toyota Way book changed how I work.",
  "I'm 5'4\" and weigh 130 lbs.",
  "She was born 3/4/1990 at 6:15 AM.",
  "The years 1999 2000 2001 were a blur.",
  "Between 100-200 people showed up to the vigil.",
  "Journal entry 1714123456787 synced at 10:04.",
];

describe("redactPii", () => {
  it.each(POSITIVES)("redacts %j", (message, expected) => {
    expect(redactPiiText(message)).toBe(expected);
  });

  it.each(NEGATIVES)("leaves %j byte-for-byte", (message) => {
    expect(redactPii(message)).toEqual({ text: message, redactions: [] });
  });

  it("counts each kind it redacted", () => {
    const result = redactPii("Reach me at me@example.org, 555-123-4567 or +44 20 7946 0958; I'm at 12 Oak Road.");
    expect(result.text).toBe("Reach me at [email], [phone] or [phone]; I'm at [address].");
    expect(result.redactions).toEqual([
      { kind: "email", count: 1 },
      { kind: "phone", count: 2 },
      { kind: "address", count: 1 },
    ]);
  });

  it("never redacts invalid SSN areas or Luhn-failing card numbers", () => {
    for (const message of ["000-12-3456", "666-12-3456", "4111 1111 1111 1112"]) {
      expect(redactPiiText(message)).toBe(message);
    }
  });
});
