/**
 * The text world's vocabulary: real English words in topical groups (nouns, adjectives, verbs per
 * topic, the topic's own name among its nouns), attribute words the fact table draws answers
 * from (colours, sizes), function words, punctuation and special tokens. The seed picks which
 * topics a world uses; ids are assigned in a fixed order, so the same seed gives the same ids.
 */
import {Rng} from "../../random.ts";

/** One topical group of words. */
export interface TopicWords {
  /** the topic's name, itself a word of the topic ("animals") */
  readonly name: string;
  readonly nouns: readonly string[];
  readonly adjectives: readonly string[];
  readonly verbs: readonly string[];
}

export const topicLibrary: readonly TopicWords[] = [
  {name: "animals", nouns: ["cat", "dog", "horse", "rabbit", "tiger", "lion", "bird", "fish", "mouse", "wolf"], adjectives: ["furry", "wild", "fast", "gentle", "hungry"], verbs: ["run", "hunt", "sleep", "jump", "eat"]},
  {name: "weather", nouns: ["rain", "snow", "wind", "cloud", "storm", "sun", "fog", "thunder", "frost", "sky"], adjectives: ["cold", "warm", "wet", "windy", "cloudy"], verbs: ["fall", "blow", "shine", "freeze", "pour"]},
  {name: "food", nouns: ["bread", "apple", "cheese", "soup", "rice", "cake", "pasta", "lemon", "honey", "salad"], adjectives: ["sweet", "salty", "fresh", "tasty", "spicy"], verbs: ["cook", "bake", "taste", "slice", "serve"]},
  {name: "music", nouns: ["song", "piano", "guitar", "drum", "violin", "melody", "rhythm", "band", "choir", "flute"], adjectives: ["loud", "soft", "catchy", "slow", "lively"], verbs: ["sing", "play", "dance", "listen", "compose"]},
  {name: "sports", nouns: ["ball", "goal", "team", "match", "coach", "player", "race", "court", "bat", "medal"], adjectives: ["strong", "quick", "fit", "tough", "proud"], verbs: ["score", "kick", "throw", "win", "practice"]},
  {name: "ocean", nouns: ["wave", "whale", "shark", "coral", "shell", "beach", "tide", "boat", "reef", "crab"], adjectives: ["deep", "calm", "vast", "rough", "sandy"], verbs: ["swim", "sail", "dive", "float", "surf"]},
  {name: "space", nouns: ["star", "planet", "moon", "rocket", "comet", "galaxy", "orbit", "astronaut", "telescope", "meteor"], adjectives: ["distant", "bright", "cosmic", "silent", "remote"], verbs: ["launch", "fly", "spin", "glow", "explore"]},
  {name: "garden", nouns: ["flower", "tree", "seed", "rose", "tulip", "soil", "leaf", "grass", "bee", "fence"], adjectives: ["lush", "blooming", "tall", "leafy", "muddy"], verbs: ["grow", "plant", "bloom", "dig", "prune"]},
  {name: "city", nouns: ["street", "bus", "car", "bridge", "tower", "park", "shop", "office", "taxi", "subway"], adjectives: ["busy", "noisy", "crowded", "modern", "urban"], verbs: ["drive", "walk", "commute", "visit", "build"]},
  {name: "tools", nouns: ["hammer", "nail", "wrench", "drill", "screw", "ladder", "shovel", "rope", "axe", "toolbox"], adjectives: ["sharp", "heavy", "sturdy", "handy", "rusty"], verbs: ["fix", "cut", "measure", "repair", "lift"]},
  {name: "books", nouns: ["novel", "poem", "story", "author", "page", "chapter", "library", "poet", "hero", "plot"], adjectives: ["exciting", "boring", "famous", "classic", "thrilling"], verbs: ["read", "study", "publish", "borrow", "enjoy"]},
  {name: "travel", nouns: ["plane", "map", "hotel", "ticket", "luggage", "airport", "passport", "journey", "island", "tourist"], adjectives: ["foreign", "exotic", "scenic", "cheap", "lucky"], verbs: ["pack", "wander", "roam", "arrive", "depart"]}
];

/** Attribute words: the fact table's answers (fact "what color is the X ?" -> a colour). */
export const attributes = ["color", "size"] as const;
export type Attribute = (typeof attributes)[number];
export const attributeWords: {readonly [A in Attribute]: readonly string[]} = {
  color: ["red", "blue", "green", "yellow", "white", "black", "brown", "orange", "purple", "gray"],
  size: ["tiny", "small", "large", "huge"]
};

export const functionWords = [
  "the", "a", "is", "are", "and", "or", "but", "of", "to", "in", "on", "with", "for", "it", "this", "that", "i", "you", "we", "they",
  "very", "also", "can", "will", "not", "so", "my", "some", "many", "about", "like", "me", "tell", "what", "how", "write", "know", "do",
  "think", "there", "at", "near", "from", "all", "too", "really", "together", "something", "talk", "color", "big", "every", "often", "when"
] as const;

export const punctuation = [".", ",", "!", "?"] as const;

/** Special tokens, always ids 0 .. 4 in this order. */
export const PAD = 0, BOS = 1, EOS = 2, SEP = 3, UNK = 4;
export const specialTokens = ["<pad>", "<bos>", "<eos>", "<sep>", "<unk>"] as const;

/** A topic of a world, with its words' ids. */
export interface Topic extends TopicWords {
  /** index of the topic in the world */
  readonly index: number;
  /** ids of every word of the topic (name, nouns, adjectives, verbs) */
  readonly ids: Int32Array;
}

export interface Vocabulary {
  /** token strings by id */
  readonly words: readonly string[];
  /** id of each token string */
  readonly ids: ReadonlyMap<string, number>;
  /** the topic of each id, -1 for words of no topic (function words, attributes, punctuation, specials) */
  readonly topicOf: Int32Array;
  /** the attribute relation of each id ("color", "size"), null for others */
  readonly attributeOf: readonly (Attribute | null)[];
  readonly topics: readonly Topic[];
}

export interface VocabularyOptions {
  /** topics drawn from the library of 12 (default 10) */
  readonly topics?: number;
}

/** The vocabulary of a world: `topics` topics of the library chosen by the seed, in library order. */
export function buildVocabulary(seed: number, {topics: count = 10}: VocabularyOptions = {}): Vocabulary {
  if (!Number.isInteger(count) || count < 2 || count > topicLibrary.length) throw new Error(`invalid topics: ${count} (expected an integer in [2, ${topicLibrary.length}])`);
  const order = topicLibrary.map((_, i) => i);
  new Rng(seed).shuffle(order);
  const chosen = order.slice(0, count).sort((a, b) => a - b).map((i) => topicLibrary[i]);

  const words: string[] = [];
  const ids = new Map<string, number>();
  const topicOf: number[] = [];
  const attributeOf: (Attribute | null)[] = [];
  const add = (word: string, topic: number, attribute: Attribute | null) => {
    if (ids.has(word)) throw new Error(`duplicate vocabulary word "${word}"`);
    ids.set(word, words.length);
    words.push(word);
    topicOf.push(topic);
    attributeOf.push(attribute);
  };
  for (const s of specialTokens) add(s, -1, null);
  for (const p of punctuation) add(p, -1, null);
  for (const w of functionWords) add(w, -1, null);
  for (const relation of attributes) for (const w of attributeWords[relation]) add(w, -1, relation);
  const topics = chosen.map((t, index): Topic => {
    const all = [t.name, ...t.nouns, ...t.adjectives, ...t.verbs];
    for (const w of all) add(w, index, null);
    return {...t, index, ids: Int32Array.from(all, (w) => ids.get(w)!)};
  });
  return {words, ids, topicOf: Int32Array.from(topicOf), attributeOf, topics};
}
