import type { RevocationListener } from './types.js';

/** The `onRevoke` listeners of a revocation store. */
export interface RevocationListeners {
  /** Adds a listener; returns the function that removes it. */
  add(listener: RevocationListener): () => void;
  /** Tells every listener; one that throws stops neither the revocation nor the others. */
  notify(jti: string): void;
  clear(): void;
}

export function revocationListeners(): RevocationListeners {
  const listeners = new Set<RevocationListener>();
  return {
    add(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify(jti) {
      for (const listener of listeners) {
        try {
          listener(jti);
        } catch {
          // A failing listener must not stop the revocation or the other listeners.
        }
      }
    },
    clear: () => listeners.clear(),
  };
}
