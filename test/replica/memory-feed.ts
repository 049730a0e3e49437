/** A change log in memory for the store-agnostic replica: numbered changes, tables of current values, trimming and outages. */
import type { Change, ChangeFeed, FeedPosition } from '../../src/replica/types.js';

export function memoryFeed() {
  const tables = new Map<string, Map<string, string>>();
  const tableOf = (name: string): Map<string, string> => {
    let table = tables.get(name);
    if (table === undefined) tables.set(name, (table = new Map()));
    return table;
  };
  let log: Change[] = [];
  let seq = 0;
  let down = false;
  const feed: ChangeFeed = {
    head: async () => {
      if (down) throw new Error('down');
      return { seq, cursor: String(seq) };
    },
    scan: async (name, put) => {
      if (down) throw new Error('down');
      for (const [id, value] of tables.get(name) ?? []) put(id, value);
    },
    read: async (position: FeedPosition) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (down) throw new Error('down');
      return { changes: log.filter((c) => c.seq > Number(position.cursor)).slice(0, 50), currentAt: Date.now() };
    },
  };
  return {
    feed,
    /** Table `t`'s current values. */
    get table(): Map<string, string> {
      return tableOf('t');
    },
    write(id: string, value: string | undefined, table = 't') {
      seq += 1;
      if (value === undefined) tableOf(table).delete(id);
      else tableOf(table).set(id, value);
      log.push({ seq, cursor: String(seq), table, id, value });
    },
    trim(keep: number) {
      log = log.slice(Math.max(0, log.length - keep));
    },
    reset() {
      tables.clear();
      log = [];
      seq = 0;
    },
    set down(value: boolean) {
      down = value;
    },
  };
}
