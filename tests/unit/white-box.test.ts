// White-box RER rewards (Kim & Seo 2024) against hand-computed values, with the paper code's
// algebra: LI = tokens / 100, RP = unique trigrams / trigrams (1 under 3 tokens), relevance a dot
// product of mean-pooled embeddings, and reward branching on closed-ended prompts.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {trainTextEmbedding} from "../../loaders/reward/text-embedding.ts";
import {lengthIncentive, referenceRelMax, relevance, repetitionPenalty, rerReward, rerVariants, whiteBoxReward} from "../../loaders/reward/white-box.ts";
import {splitWords} from "../../loaders/worlds/text/tokenizer.ts";
import {generateTextWorld, responseTokens} from "../../loaders/worlds/text/world.ts";

const close = (a: number, b: number, what = "") => assert.ok(Math.abs(a - b) < 1e-12, `${what} ${a} vs ${b}`);
// A hand-made embedding: "cat" -> (1, 0), "dog" -> (0, 1), every other token (0, 0), mean-pooled.
const embed = (text: string) => {
  const t = splitWords(text);
  return [t.filter((w) => w === "cat").length / t.length, t.filter((w) => w === "dog").length / t.length];
};

describe("RER features", () => {
  test("LI counts word/punctuation tokens / 100 (\"!!\" is one token)", () => {
    close(lengthIncentive("the cat is red ."), 0.05);
    close(lengthIncentive("Hello, world!!"), 0.04);
    close(lengthIncentive(""), 0);
  });

  test("RP: unique trigrams / trigrams; 1 with fewer than 3 tokens; pure repetition", () => {
    close(repetitionPenalty(""), 1);
    close(repetitionPenalty("cat"), 1);
    close(repetitionPenalty("cat cat"), 1);
    close(repetitionPenalty("cat cat cat"), 1);
    close(repetitionPenalty("cat cat cat cat cat"), 1 / 3);
    close(repetitionPenalty(Array(100).fill("cat").join(" ")), 1 / 98);
    close(repetitionPenalty("a b c a b c"), 3 / 4);
    close(repetitionPenalty("wow!! wow!! wow"), 2 / 3); // tokens wow !! wow !! wow: trigrams (wow !! wow) twice, (!! wow !!) once
  });

  test("relevance is a dot product, not a cosine", () => {
    close(relevance(embed, "cat dog", "cat cat"), 0.5);
    close(relevance(embed, "cat", "cat the the the"), 0.25);
  });

  test("the lattice and reward branching on hand-computed values", () => {
    const o = {embed, relMax: 2, liMax: 0.23};
    const open = {prompt: "cat", response: "cat cat cat cat cat"}; // LI 0.05, rel 1, RP 1/3
    close(rerReward(open, {...o, variant: "li"}), 0.05);
    close(rerReward(open, {...o, variant: "li_rp"}), 0.05 / 3);
    close(rerReward(open, {...o, variant: "li_rp_rel"}), 0.05 / 3);
    close(rerReward(open, o), 0.05 / 3, "full = li_rp_rel on open-ended prompts");
    const closed = {prompt: "what dog", response: "dog cat", reference: "dog"}; // rel(ref, y) = 0.5, RP 1
    close(rerReward(closed, o), (0.5 / 2) * 0.23, "branching: rel(ref, y) / rel_max * LI_max * RP");
    close(rerReward(closed, {...o, variant: "li_rp_rel"}), 0.02 * 0.25, "no branching: LI * rel(x, y) * RP");
    close(rerReward({prompt: "cat", response: "dog"}, o), 0, "orthogonal relevance");
    assert.deepEqual([...rerVariants], ["li", "li_rp", "li_rp_rel", "full"]);
  });
});

describe("white-box reward over the text world", () => {
  const world = generateTextWorld(1, {demonstrations: 1500});
  const embedding = trainTextEmbedding(world, 3);

  test("the embedding: deterministic, unit vectors for the corpus's words; copying the prompt is most relevant", () => {
    assert.deepEqual(trainTextEmbedding(world, 3).vectors, embedding.vectors);
    const id = world.vocabulary.ids.get("the")!;
    close(embedding.vectors.subarray(id * 32, id * 32 + 32).reduce((s, v) => s + v * v, 0), 1, "unit norm");
    const x = "tell me about animals .";
    assert.ok(relevance(embedding.embed, x, x) > relevance(embedding.embed, x, "the bread is tasty . i like the sweet cake ."));
  });

  test("scores decoded responses with the public function; rel_max and LI_max defaults", () => {
    const reward = whiteBoxReward(world, embedding);
    assert.equal(reward.source, "rer_full");
    close(reward.liMax, world.layout.responseWidth / 100);
    close(reward.relMax, referenceRelMax(world, embedding));
    const open = world.prompts.find((p) => p.kind === "open")!;
    const closed = world.prompts.find((p) => p.kind === "closed")!;
    const texts = ["the cat is furry . the dog can run .", "cat cat cat cat cat cat"];
    const R = world.layout.responseWidth;
    const tokens = new Int32Array(4 * R);
    texts.forEach((t, i) => (tokens.set(responseTokens(world, t), i * R), tokens.set(responseTokens(world, t), (i + 2) * R)));
    const prompts = Int32Array.of(open.index, open.index, closed.index, closed.index);
    const scores = reward.score({prompts, tokens, width: R});
    assert.equal(scores.sigmas, null);
    const expected = [open, open, closed, closed].map((p, i) => rerReward({prompt: p.text, response: texts[i % 2], reference: p.reference}, {embed: embedding.embed, relMax: reward.relMax, liMax: reward.liMax}));
    scores.rewards[0].forEach((v, i) => close(v, expected[i]));
    const li = whiteBoxReward(world, embedding, {variant: "li"}).score({prompts, tokens, width: R}).rewards[0];
    close(li[0], 0.1);
    close(li[1], 0.06);
  });
});
