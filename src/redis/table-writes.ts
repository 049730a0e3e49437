import type { KeygateError } from '../errors.js';
import type { RecordWriteSpec } from '../replica/records.js';
import type { ChangeLogWriter } from './change-log.js';

/** The writes of one replicated table, each resolving to the number of the change logged (0: nothing changed). */
export interface TableWrites<In> {
  /** Rejects with the spec's `exists` error if the id is there. */
  add(record: In): Promise<number>;
  /** Rejects with the spec's `missing` error if the id is not there. */
  update(record: In): Promise<number>;
  remove(id: string): Promise<number>;
  /** Adds or replaces; the change's number, negated when it replaced one. */
  put(record: In): Promise<number>;
}

/** A record table's writes: each checked, then the change and its log entry in one script. */
export function tableWrites<V, In = V>(log: ChangeLogWriter, spec: RecordWriteSpec<V, In>): TableWrites<In> {
  const write = async (mode: 'add' | 'update', record: In, refusal: (record: V) => KeygateError): Promise<number> => {
    const checked = spec.check(record);
    const seq = await log.write(mode, spec.table, spec.idOf(checked), spec.encode(checked));
    if (seq === 0) throw refusal(checked);
    return seq;
  };
  return {
    add: (record) => write('add', record, spec.exists),
    update: (record) => write('update', record, spec.missing),
    remove: (id) => log.write('remove', spec.table, id),
    async put(record) {
      const checked = spec.check(record);
      return log.write('put', spec.table, spec.idOf(checked), spec.encode(checked));
    },
  };
}

/** What a store's `add`, `update` and `remove` look like over `writes`. */
export interface StoreWrites<V> {
  add(record: V): Promise<void>;
  update(record: V): Promise<void>;
  /** Resolves to whether the id was there. */
  remove(id: string): Promise<boolean>;
}

/** A store's writes over a table's: each resolves once `settle(seq)` has (a replica's: once it applied the change). */
export function storeWrites<V>(writes: TableWrites<V>, settle: (seq: number) => Promise<unknown>): StoreWrites<V> {
  return {
    add: async (record) => void (await settle(await writes.add(record))),
    update: async (record) => void (await settle(await writes.update(record))),
    async remove(id) {
      const seq = await writes.remove(id);
      await settle(seq);
      return seq > 0;
    },
  };
}
