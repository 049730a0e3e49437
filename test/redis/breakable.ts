/** A client whose connection the test can cut and restore: commands in flight and sent meanwhile fail. */
import type { RedisClientLike, SendCommandClient } from '../../src/redis/index.js';

export interface Breakable {
  readonly client: SendCommandClient;
  /** Fails every command until `mend()`, those in flight included. */
  cut(): void;
  mend(): void;
  /** Commands sent so far, by name (XREAD, EVALSHA, HSCAN, …). */
  readonly sent: Map<string, number>;
}

export function breakable(inner: RedisClientLike): Breakable {
  let broken = false;
  let cutNow: (error: Error) => void = () => undefined;
  let severed = new Promise<never>((_, reject) => (cutNow = reject));
  severed.catch(() => undefined);
  const sent = new Map<string, number>();
  const send = (args: string[]): Promise<unknown> =>
    'call' in inner ? inner.call(args[0]!, ...args.slice(1)) : inner.sendCommand(args);
  return {
    sent,
    client: {
      sendCommand(args) {
        sent.set(args[0]!, (sent.get(args[0]!) ?? 0) + 1);
        if (broken) return Promise.reject(new Error('connection cut by the test'));
        return Promise.race([send(args), severed]);
      },
    },
    cut() {
      broken = true;
      cutNow(new Error('connection cut by the test'));
    },
    mend() {
      broken = false;
      severed = new Promise<never>((_, reject) => (cutNow = reject));
      severed.catch(() => undefined);
    },
  };
}
