/** `count` and a noun in agreement: plural(1, "run") is "1 run", plural(2, "run") "2 runs". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
