/**
 * Word/punctuation tokens: the regex `\w+|[^\w\s]+` of Kim & Seo's reward code (so "!!" is one
 * token), lower-cased, one vocabulary id per token (unknown words -> <unk>).
 */
import {UNK, specialTokens} from "./vocabulary.ts";
import type {Vocabulary} from "./vocabulary.ts";

const TOKEN = /\w+|[^\w\s]+/g;

/** The word/punctuation tokens of a text, as written (not lower-cased). */
export function splitWords(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Token ids of a text. */
export function encode(vocabulary: Vocabulary, text: string): Int32Array {
  return Int32Array.from(splitWords(text.toLowerCase()), (w) => vocabulary.ids.get(w) ?? UNK);
}

/** The text of token ids: words joined by spaces, special tokens dropped. */
export function decode(vocabulary: Vocabulary, ids: ArrayLike<number>): string {
  const out: string[] = [];
  for (let i = 0; i < ids.length; ++i) if (ids[i] >= specialTokens.length) out.push(vocabulary.words[ids[i]]);
  return out.join(" ");
}
