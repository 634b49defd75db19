// The text world: deterministic from its seed, a vocabulary of real words in topics, the
// tokenizer's regex, open- and closed-ended prompts, and a flawed demonstration corpus that fits
// the sequence layout.
import assert from "node:assert/strict";
import {describe, test} from "node:test";
import {decode, encode, splitWords} from "../../loaders/worlds/text/tokenizer.ts";
import {BOS, EOS, PAD, SEP} from "../../loaders/worlds/text/vocabulary.ts";
import {demonstrationResponses, generateTextWorld, promptTokens, responseIds, responseText, responseTokens} from "../../loaders/worlds/text/world.ts";

const world = generateTextWorld(1);

describe("text world", () => {
  test("same seed, same world; another seed, other facts and corpus", () => {
    assert.deepEqual(generateTextWorld(1), world);
    const other = generateTextWorld(2);
    assert.notDeepEqual(other.facts, world.facts);
    assert.notDeepEqual(other.demonstrations, world.demonstrations);
  });

  test("a few hundred words: 10 topics of 21 words, attributes, function words, punctuation, specials", () => {
    const {vocabulary} = world;
    assert.equal(vocabulary.topics.length, 10);
    assert.ok(vocabulary.words.length > 250 && vocabulary.words.length < 400, `${vocabulary.words.length}`);
    assert.deepEqual(vocabulary.words.slice(0, 4), ["<pad>", "<bos>", "<eos>", "<sep>"]);
    for (const topic of vocabulary.topics) {
      assert.equal(topic.ids.length, 21);
      for (const id of topic.ids) assert.equal(vocabulary.topicOf[id], topic.index);
    }
    assert.equal(new Set(vocabulary.words).size, vocabulary.words.length);
  });

  test("tokenizer: the regex \\w+|[^\\w\\s]+, lower-cased ids, <unk> for unknown words; decode drops specials", () => {
    assert.deepEqual(splitWords("Hello, world!! it's"), ["Hello", ",", "world", "!!", "it", "'", "s"]);
    const ids = encode(world.vocabulary, "The cat is RED .");
    assert.equal(decode(world.vocabulary, [BOS, ...ids, EOS, PAD]), "the cat is red .");
    assert.equal(encode(world.vocabulary, "zebra")[0], 4);
  });

  test("open-ended prompts name a topic; closed-ended ones ask a fact with a reference answer", () => {
    const open = world.prompts.filter((p) => p.kind === "open");
    const closed = world.prompts.filter((p) => p.kind === "closed");
    assert.equal(open.length, 10 * 4 + 10 * 10);
    assert.equal(closed.length, 10 * 10 * 2);
    for (const p of closed) {
      const fact = world.facts.find((f) => f.entity === p.entity && f.relation === p.relation)!;
      assert.equal(p.answer, fact.value);
      assert.equal(p.reference, `the ${p.entity} is ${fact.value} .`);
    }
    assert.equal(world.train.length + world.heldout.length, world.prompts.length);
    const used = new Set(world.demonstrations.map((d) => d.prompt));
    for (const p of world.heldout) assert.ok(!used.has(p), "held-out prompts stay out of the corpus");
  });

  test("layout: left-padded prompt [<pad>.. <bos> prompt <sep>], response [text <eos> <pad>..]", () => {
    const {promptWidth: P, responseWidth: R, context} = world.layout;
    assert.equal(P + R, context);
    const p = promptTokens(world, 0);
    assert.equal(p.length, P);
    assert.equal(p[P - 1], SEP);
    assert.equal(decode(world.vocabulary, p), world.prompts[0].text);
    const r = responseTokens(world, "the cat is red .");
    assert.deepEqual(Array.from(r.subarray(0, 6)), [...encode(world.vocabulary, "the cat is red ."), EOS]);
    assert.ok(r.subarray(6).every((t) => t === PAD));
  });

  test("the corpus: varied lengths that fit, with drift, repetition and wrong answers at about their rates", () => {
    const responses = demonstrationResponses(world);
    const lengths = world.demonstrations.map((_, i) => responseIds(responses, i).length);
    assert.ok(Math.min(...lengths) <= 3 && Math.max(...lengths) >= 18, `lengths ${Math.min(...lengths)}..${Math.max(...lengths)}`);
    assert.ok(lengths.every((n) => n < world.layout.responseWidth));
    world.demonstrations.forEach((d, i) => assert.equal(responseText(world, responses, i), d.text));
    const share = (flaw: "drift" | "repetition" | "wrong", kind: string) => {
      const ds = world.demonstrations.filter((d) => world.prompts[d.prompt].kind === kind);
      return ds.filter((d) => d.flaws[flaw]).length / ds.length;
    };
    assert.ok(share("drift", "open") > 0.1 && share("drift", "open") < 0.4, `drift ${share("drift", "open")}`);
    assert.ok(share("repetition", "open") > 0.05 && share("repetition", "open") < 0.3);
    assert.ok(Math.abs(share("wrong", "closed") - 0.15) < 0.04, `wrong ${share("wrong", "closed")}`);
    const wrong = world.demonstrations.find((d) => d.flaws.wrong)!;
    assert.ok(!splitWords(wrong.text).includes(world.prompts[wrong.prompt].answer!));
  });
});
