/**
 * The word/punctuation tokens of Kim & Seo's white-box features: their code's regex `\w+|[^\w\s]+`
 * ("!!" is one token) as Python 3 reads it on text, where `\w` is any Unicode letter or digit (or
 * "_"), not only ASCII. Deviation: a combining mark (\p{M}) continues its word, as in "é" written
 * e + U+0301 or a Devanagari vowel sign, where Python's `re` cuts the word at the mark. On ASCII text
 * (the text world's vocabulary) this is the world's tokenizer (../worlds/text/tokenizer.ts) exactly.
 */

const WORD = /[\p{L}\p{M}\p{N}_]+|[^\p{L}\p{M}\p{N}_\s]+/gu;

export interface WordOptions {
  /** stop strings: the text is cut at the first occurrence of any (the stop string dropped); default none */
  readonly stop?: readonly string[];
}

/** The text before the first occurrence of any stop string; the whole text when none occurs (empty stop strings are ignored). */
export function cutAtStop(text: string, stop: readonly string[] = []): string {
  let end = text.length;
  for (const s of stop) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}

/** Word/punctuation tokens of a text, as written (not lower-cased), after the cut at `stop`. */
export function rewardWords(text: string, {stop = []}: WordOptions = {}): string[] {
  return cutAtStop(text, stop).match(WORD) ?? [];
}
