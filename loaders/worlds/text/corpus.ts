/**
 * The demonstration corpus for supervised fine-tuning: responses to training prompts written
 * from sentence templates, with the flaws of real demonstrations at seeded rates: sentences that
 * drift to another topic, repeated sentences, wrong answers to questions, and lengths from one
 * sentence to several.
 */
import {Rng} from "../../random.ts";
import {splitWords} from "./tokenizer.ts";
import type {Prompt} from "./prompts.ts";
import {attributeWords} from "./vocabulary.ts";
import type {TopicWords} from "./vocabulary.ts";

export interface CorpusOptions {
  /** demonstrations (default 3000) */
  readonly demonstrations: number;
  /** most sentences in a response (default 4) */
  readonly max_sentences: number;
  /** chance that a sentence after the first is about another topic (default 0.15) */
  readonly drift: number;
  /** chance that a response repeats one of its sentences (default 0.1) */
  readonly repetition: number;
  /** chance that an answer to a question is wrong (default 0.15) */
  readonly wrong: number;
}

export interface Demonstration {
  /** index of the prompt in the world's list */
  readonly prompt: number;
  readonly text: string;
  /** which flaws were written into it */
  readonly flaws: {readonly drift: boolean; readonly repetition: boolean; readonly wrong: boolean};
}

const sentenceTemplates = [
  "the N is A .",
  "a A N can V .",
  "i like the A N .",
  "the N and the M V together .",
  "there is a A N near the M .",
  "my N is very A .",
  "you can V with a N .",
  "T is about the N and the M .",
  "the N will V in the M .",
  "many N V when it is A .",
  "we often V near the A N ."
];
const answerTemplates = ["the E is X .", "i think the E is X .", "it is X .", "X ."];

/** One sentence about a topic; `noun` is used as N when given. */
export function topicSentence(topic: TopicWords, rng: Rng, noun: string | null = null): string {
  const pick = (words: readonly string[]) => words[rng.int(words.length)];
  const n = noun ?? pick(topic.nouns);
  let m = pick(topic.nouns);
  while (m === n) m = pick(topic.nouns);
  const slots: Record<string, string> = {N: n, M: m, A: pick(topic.adjectives), V: pick(topic.verbs), T: topic.name};
  return pick(sentenceTemplates).replace(/\b[NMAVT]\b/g, (s) => slots[s]);
}

/** A demonstration for `prompt` fitting in `maxTokens` tokens (before the end-of-sequence token). */
export function demonstrate(prompt: Prompt, topics: readonly TopicWords[], rng: Rng, options: CorpusOptions, maxTokens: number): Demonstration {
  type Flaw = keyof Demonstration["flaws"];
  const sentences: {text: string; flaw: Flaw | null}[] = [];
  if (prompt.kind === "closed") {
    let value = prompt.answer!;
    let flaw: Flaw | null = null;
    if (rng.uniform() < options.wrong) {
      const others = attributeWords[prompt.relation!].filter((v) => v !== value);
      value = others[rng.int(others.length)];
      flaw = "wrong";
    }
    sentences.push({text: answerTemplates[rng.int(answerTemplates.length)].replace("E", prompt.entity!).replace("X", value), flaw});
  } else {
    sentences.push({text: topicSentence(topics[prompt.topic], rng, prompt.entity), flaw: null});
  }
  // Answers are often a single sentence; open-ended responses have 1 .. max_sentences.
  const count = prompt.kind === "closed" && rng.uniform() < 0.5 ? 1 : 1 + rng.int(options.max_sentences);
  while (sentences.length < count) {
    if (rng.uniform() < options.repetition) {
      sentences.push({text: sentences[rng.int(sentences.length)].text, flaw: "repetition"});
    } else if (rng.uniform() < options.drift) {
      const other = (prompt.topic + 1 + rng.int(topics.length - 1)) % topics.length;
      sentences.push({text: topicSentence(topics[other], rng), flaw: "drift"});
    } else {
      sentences.push({text: topicSentence(topics[prompt.topic], rng), flaw: null});
    }
  }
  // Whole sentences while they fit; the flaws are those of the sentences kept.
  const flaws = {drift: false, repetition: false, wrong: false};
  const kept: string[] = [];
  let tokens = 0;
  for (const {text, flaw} of sentences) {
    const n = splitWords(text).length;
    if (tokens + n > maxTokens) break;
    kept.push(text);
    tokens += n;
    if (flaw) flaws[flaw] = true;
  }
  return {prompt: prompt.index, text: kept.join(" "), flaws};
}
