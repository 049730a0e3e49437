/** Bounded waits for effects that arrive asynchronously (pub/sub, reconnects). Not timing assertions. */

/** Retries `attempt` until it resolves, every 100 ms; after `timeoutMs` the last failure is thrown. */
export async function retryUntil<T>(attempt: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Polls a synchronous condition every 5 ms until it holds, or throws after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
