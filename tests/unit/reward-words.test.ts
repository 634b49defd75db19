// The white-box features' tokens (loaders/reward/words.ts): Kim & Seo's \w+|[^\w\s]+ with any
// Unicode letter or digit a word character, and stop strings. Proof that the change leaves the text
// world alone: on every pair of ASCII characters and on the world's whole corpus, prompts, references
// and vocabulary (several seeds, the default options), the new tokens are the world tokenizer's, and
// LI and RP equal their old definitions over it.
import assert from "node:assert/strict";
import {test} from "node:test";
import {lengthIncentive, repetitionPenalty, rerReward} from "../../loaders/reward/white-box.ts";
import {cutAtStop, rewardWords} from "../../loaders/reward/words.ts";
import {splitWords} from "../../loaders/worlds/text/tokenizer.ts";
import {topicLibrary} from "../../loaders/worlds/text/vocabulary.ts";
import {generateTextWorld} from "../../loaders/worlds/text/world.ts";

// LI and RP as they were defined before, over the world tokenizer.
const oldLi = (text: string) => splitWords(text).length / 100;
function oldRp(text: string): number {
  const t = splitWords(text);
  if (t.length < 3) return 1;
  const grams = new Set(t.slice(2).map((_, i) => `${t[i]}\u0000${t[i + 1]}\u0000${t[i + 2]}`));
  return grams.size / (t.length - 2);
}

test("on ASCII text the tokens are the world tokenizer's: every pair of ASCII characters", () => {
  let checked = 0;
  for (let a = 0; a < 128; ++a) {
    for (let b = 0; b < 128; ++b) {
      const text = String.fromCharCode(a, b);
      assert.deepEqual(rewardWords(text), splitWords(text), JSON.stringify(text));
      ++checked;
    }
  }
  assert.equal(checked, 128 * 128);
});

test("on the text world's corpus, prompts, references and vocabulary: the same tokens, LI and RP as before", () => {
  for (const seed of [1, 2, 3, 7]) {
    const world = generateTextWorld(seed);
    const texts = [
      ...world.demonstrations.map((d) => d.text),
      ...world.prompts.flatMap((p) => [p.text, ...(p.reference === null ? [] : [p.reference])]),
      ...world.vocabulary.words,
      world.vocabulary.words.join(" ")
    ];
    assert.ok(texts.length > 3000, `seed ${seed}: ${texts.length} texts`);
    for (const text of texts) {
      assert.match(text, /^[\x20-\x7e]*$/, "the world writes printable ASCII only");
      assert.deepEqual(rewardWords(text), splitWords(text), text);
      assert.equal(lengthIncentive(text), oldLi(text), text);
      assert.equal(repetitionPenalty(text), oldRp(text), text);
    }
  }
  for (const topic of topicLibrary) for (const word of [topic.name, ...topic.nouns, ...topic.adjectives, ...topic.verbs]) assert.deepEqual(rewardWords(word), [word]);
});

test("any Unicode letter, mark or digit is a word character; punctuation runs stay one token", () => {
  assert.deepEqual(rewardWords("Réponse : 12."), ["Réponse", ":", "12", "."]);
  assert.deepEqual(rewardWords("日本語 ok!!"), ["日本語", "ok", "!!"]);
  assert.deepEqual(rewardWords("Die Straße ist groß…"), ["Die", "Straße", "ist", "groß", "…"]);
  assert.deepEqual(rewardWords("cafe\u0301 हिन्दी"), ["cafe\u0301", "हिन्दी"], "combining marks continue their word");
  assert.deepEqual(rewardWords("٣ + ٤ = ٧"), ["٣", "+", "٤", "=", "٧"], "Arabic-Indic digits");
  assert.deepEqual(rewardWords("snake_case\u00a0x"), ["snake_case", "x"], "no-break space separates");
  // The old tokenizer split non-ASCII words at each letter: LI counted "Réponse" as 3 tokens.
  assert.deepEqual(splitWords("Réponse"), ["R", "é", "ponse"]);
  assert.equal(lengthIncentive("Réponse : 12."), 0.04);
  assert.equal(repetitionPenalty("très très très très"), 1 / 2);
});

test("stop strings: the text is cut at the first occurrence of any, before LI and RP", () => {
  assert.equal(cutAtStop("a b</s>c d", ["</s>"]), "a b");
  assert.equal(cutAtStop("a\n\nHuman: b</s>", ["</s>", "\n\nHuman:"]), "a", "the earliest of several");
  assert.equal(cutAtStop("no stop here", ["</s>"]), "no stop here");
  assert.equal(cutAtStop("x", [""]), "x", "an empty stop string is ignored");
  assert.equal(cutAtStop("x"), "x");
  const text = "the answer is 12 .<|im_end|> 12 12 12 12 12 12";
  assert.equal(lengthIncentive(text, {stop: ["<|im_end|>"]}), 0.05);
  assert.equal(repetitionPenalty(text, {stop: ["<|im_end|>"]}), 1);
  assert.ok(repetitionPenalty(text) < 1, "without the cut the repeated tail counts");
  assert.deepEqual(rewardWords(text, {stop: ["<|im_end|>"]}), ["the", "answer", "is", "12", "."]);
  // rerReward: every feature sees the cut response (a constant embedding: relevance 1).
  const o = {embed: () => [1], relMax: 1, liMax: 1, stop: ["<|im_end|>"]};
  assert.equal(rerReward({prompt: "what is 3 x 4 ?", response: text}, {...o, variant: "li_rp_rel"}), 0.05);
  assert.equal(rerReward({prompt: "what is 3 x 4 ?", response: text}, {...o, variant: "li_rp_rel", stop: []}), lengthIncentive(text) * repetitionPenalty(text));
});
