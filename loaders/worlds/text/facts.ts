/**
 * The fact table closed-ended prompts ask about: every noun of every topic gets one value per
 * attribute relation ("what color is the whale ?" -> "gray"), drawn from the seed.
 */
import {Rng} from "../../random.ts";
import {attributeWords, attributes} from "./vocabulary.ts";
import type {Attribute, Vocabulary} from "./vocabulary.ts";

/** One fact: entity (a topical noun), relation and value (an attribute word). */
export interface Fact {
  readonly entity: string;
  readonly topic: number;
  readonly relation: Attribute;
  readonly value: string;
}

export function buildFacts(vocabulary: Vocabulary, seed: number): Fact[] {
  const rng = new Rng(seed);
  const facts: Fact[] = [];
  for (const topic of vocabulary.topics) {
    for (const entity of topic.nouns) {
      for (const relation of attributes) {
        const values = attributeWords[relation];
        facts.push({entity, topic: topic.index, relation, value: values[rng.int(values.length)]});
      }
    }
  }
  return facts;
}
