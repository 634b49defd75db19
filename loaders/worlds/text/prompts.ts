/**
 * Prompts of the text world. Open-ended: a topic (or one of its nouns) to talk about, "tell me
 * about music ."; closed-ended: a question about a fact with a reference answer,
 * "what color is the whale ?" -> "the whale is gray ." (Kim & Seo's reward branching scores
 * closed-ended responses against the reference instead of the prompt).
 */
import type {Fact} from "./facts.ts";
import type {Attribute, Vocabulary} from "./vocabulary.ts";

export type PromptKind = "open" | "closed";

export interface Prompt {
  /** index in the world's prompt list */
  readonly index: number;
  readonly kind: PromptKind;
  /** the topic it is about (for closed-ended prompts, the entity's topic) */
  readonly topic: number;
  readonly text: string;
  /** the noun it names, null for prompts about a whole topic */
  readonly entity: string | null;
  /** closed-ended: the relation asked about, else null */
  readonly relation: Attribute | null;
  /** closed-ended: the correct attribute word ("gray"), else null */
  readonly answer: string | null;
  /** closed-ended: the reference answer ("the whale is gray ."), else null */
  readonly reference: string | null;
}

const topicTemplates = ["tell me about {t} .", "write something about {t} .", "what do you know about {t} ?", "talk about {t} ."];
const entityTemplate = "tell me about the {e} .";
const questions: Record<Attribute, string> = {color: "what color is the {e} ?", size: "how big is the {e} ?"};

/** Every prompt of a world, in a fixed order: topic prompts, entity prompts, then questions. */
export function buildPrompts(vocabulary: Vocabulary, facts: readonly Fact[]): Prompt[] {
  const prompts: Prompt[] = [];
  const push = (p: Omit<Prompt, "index">) => prompts.push({index: prompts.length, ...p});
  const open = {relation: null, answer: null, reference: null};
  for (const topic of vocabulary.topics) {
    for (const template of topicTemplates) push({kind: "open", topic: topic.index, text: template.replace("{t}", topic.name), entity: null, ...open});
  }
  for (const topic of vocabulary.topics) {
    for (const e of topic.nouns) push({kind: "open", topic: topic.index, text: entityTemplate.replace("{e}", e), entity: e, ...open});
  }
  for (const f of facts) {
    push({kind: "closed", topic: f.topic, text: questions[f.relation].replace("{e}", f.entity), entity: f.entity, relation: f.relation, answer: f.value, reference: `the ${f.entity} is ${f.value} .`});
  }
  return prompts;
}
