/**
 * Responses of a pool world, by index: response k of prompt p is item p * K + k of the world's
 * features and gold (feature-world.ts). Policies sample them, rewards score them.
 */
export type PoolItems = Int32Array;

const everyItem = new Map<number, PoolItems>();

/** Every item of a pool of n items, in order: one shared array per n (treat it as read-only). */
export function allItems(n: number): PoolItems {
  let items = everyItem.get(n);
  if (!items) {
    items = new Int32Array(n);
    for (let i = 0; i < n; ++i) items[i] = i;
    everyItem.set(n, items);
  }
  return items;
}

/** Whether `items` lists every item of a pool of n items, in order. */
export function isAllItems(items: PoolItems, n: number): boolean {
  if (items.length !== n) return false;
  if (items === everyItem.get(n)) return true;
  for (let i = 0; i < n; ++i) if (items[i] !== i) return false;
  return true;
}
