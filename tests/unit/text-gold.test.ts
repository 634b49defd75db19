// The gold judge term by term on hand-made texts.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {goldRewards, goldTerms} from "../../loaders/worlds/text/gold.ts";
import {encode} from "../../loaders/worlds/text/tokenizer.ts";
import {attributeWords} from "../../loaders/worlds/text/vocabulary.ts";
import {responseMetrics} from "../../loaders/worlds/text/metrics.ts";
import {generateTextWorld, responseTokens} from "../../loaders/worlds/text/world.ts";

const world = generateTextWorld(1); // topics: animals food sports ocean space garden city tools books travel
const {vocabulary} = world;
const prompt = (text: string) => world.prompts.find((p) => p.text === text)!;
const judge = (promptText: string, response: string, ended = true) => goldTerms(vocabulary, prompt(promptText), encode(vocabulary, response), ended);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);

describe("gold judge", () => {
  test("a hand-computed open-ended response", () => {
    // 10 tokens; words the cat is furry the dog can run (8, 7 distinct); topical cat furry dog run, all animals.
    const g = judge("tell me about animals .", "the cat is furry . the dog can run .");
    close(g.relevance, 1);
    close(g.informativeness, 1 - Math.exp(-4 / 4));
    close(g.length, 10 / 12);
    close(g.repetition, 1 - 7 / 8);
    close(g.copying, 0);
    assert.equal(g.correctness, null);
    close(g.gold, 1 + (1 - Math.exp(-1)) + 0.5 * (10 / 12) - 1.5 * (1 / 8));
  });

  test("drift, repetition, rambling and copying the prompt all cost gold", () => {
    const good = judge("tell me about animals .", "the cat is furry . the dog can run .").gold;
    const drift = judge("tell me about animals .", "the cat is furry . the bread is tasty .");
    close(drift.relevance, 0.5);
    assert.ok(drift.gold < good);
    const repeated = judge("tell me about animals .", Array(22).fill("cat").join(" "), false);
    close(repeated.repetition, 1 - 1 / 22);
    close(repeated.length, 1 - 10 / 12);
    assert.ok(repeated.gold < 0, `${repeated.gold}`);
    const copy = judge("tell me about animals .", "tell me about animals .");
    close(copy.copying, 1);
    close(copy.informativeness, 0);
    assert.ok(copy.gold < good - 1);
    const rambling = judge("tell me about animals .", "the cat is furry . the dog can run . the wolf will hunt in the fish . the lion is wild", false);
    assert.ok(rambling.length < 0.5 && rambling.gold < good);
  });

  test("correctness on closed-ended prompts: right, wrong, hedged, silent", () => {
    const q = world.prompts.find((p) => p.kind === "closed" && p.relation === "color")!;
    const wrong = attributeWords.color.find((c) => c !== q.answer)!;
    const of = (text: string) => goldTerms(vocabulary, q, encode(vocabulary, text), true);
    assert.equal(of(q.reference!).correctness, 1);
    assert.equal(of(`the ${q.entity} is ${wrong} .`).correctness, -1);
    assert.equal(of(`${q.answer} or ${wrong} .`).correctness, -0.5);
    assert.equal(of(`the ${q.entity} is nice .`).correctness, 0);
    assert.ok(of(q.reference!).gold > of(`the ${q.entity} is ${wrong} .`).gold + 3.9);
  });

  test("goldRewards scores a batch of token responses, ended or not", () => {
    const p = prompt("tell me about animals .").index;
    const R = world.layout.responseWidth;
    const tokens = new Int32Array(2 * R);
    tokens.set(responseTokens(world, "the cat is furry . the dog can run ."), 0);
    tokens.set(responseTokens(world, Array(30).fill("cat").join(" ")), R);
    const g = goldRewards(world, {prompts: Int32Array.of(p, p), tokens, width: R});
    close(g[0], judge("tell me about animals .", "the cat is furry . the dog can run .").gold);
    close(g[1], judge("tell me about animals .", Array(R).fill("cat").join(" "), false).gold);
  });
});

describe("response metrics for checkpoint evaluation", () => {
  test("length, repetition, copying, correctness and ending of hand-made responses", () => {
    const open = prompt("tell me about animals .");
    const q = world.prompts.find((p) => p.kind === "closed")!;
    const texts = ["tell me about animals .", Array(30).fill("cat").join(" "), q.reference!];
    const R = world.layout.responseWidth;
    const tokens = new Int32Array(3 * R);
    texts.forEach((t, i) => tokens.set(responseTokens(world, t), i * R));
    const m = responseMetrics(world, {prompts: Int32Array.of(open.index, open.index, q.index), tokens, width: R});
    assert.deepEqual(Array.from(m.tokens), [5, R, 5]);
    assert.deepEqual(Array.from(m.ended), [1, 0, 1]);
    assert.deepEqual(Array.from(m.copying), [1, 0, 0]);
    close(m.repetition[1], 1 - 1 / R);
    assert.ok(Number.isNaN(m.correct[0]) && m.correct[2] === 1);
  });
});
