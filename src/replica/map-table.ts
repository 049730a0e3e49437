import type { ReplicatedTable, TableStorage } from './types.js';

/** A table's values by id, in a plain `Map`: what most replicated tables need. */
export interface MapStorage<V> extends TableStorage<V> {
  get(id: string): V | undefined;
  has(id: string): boolean;
  entries(): IterableIterator<[string, V]>;
}

function mapStorage<V>(): MapStorage<V> {
  const map = new Map<string, V>();
  return {
    get: (id) => map.get(id),
    has: (id) => map.has(id),
    set: (id, value) => void map.set(id, value),
    delete: (id) => void map.delete(id),
    entries: () => map.entries(),
    get size() {
      return map.size;
    },
  };
}

/** What a map table needs: its name in the log and its codec; `onSet` and `tidy` as in `ReplicatedTable`. */
export interface MapTableSpec<V> {
  readonly name: string;
  decode(id: string, value: string): V | undefined;
  onSet?(id: string, value: V): void;
  tidy?(storage: MapStorage<V>): void;
}

/**
 * A replicated table keyed by id, kept in a `Map`. Adding a replicated table to a replica is a
 * spec (name and codec), a store that reads `slot.storage.get(id)` after `freshness.check()`,
 * and the writer's encoding.
 */
export function mapTable<V>(spec: MapTableSpec<V>): ReplicatedTable<V, MapStorage<V>> {
  return { ...spec, createStorage: mapStorage };
}
