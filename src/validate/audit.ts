import { keyFingerprint } from '../audit/fingerprint.js';
import type { AuditEvent, AuditHook } from '../audit/types.js';
import type { ApiDefinition, ValidationResult } from './types.js';
import type { CachedToken } from './verify-cached.js';

/** What the pipeline learnt on the way, for the audit event (filled as steps pass). */
export interface Trace {
  api?: ApiDefinition;
  /** The client address the pipeline settled on (e.g. behind trusted proxies), when it did. */
  clientIp?: string;
  key?: string;
  token?: CachedToken;
  cached?: boolean;
}

const clock = (): number => globalThis.performance?.now() ?? Date.now();

/** Starts timing a validation; `finish` reports it to the hook. */
export function startAudit(hook: AuditHook, now: () => number): { trace: Trace; finish(result: ValidationResult, clientIp: string | undefined): Promise<void> } {
  const started = clock();
  const trace: Trace = {};
  return {
    trace,
    async finish(result, clientIp) {
      const latencyMs = clock() - started;
      const { api, key, token, cached } = trace;
      const ip = trace.clientIp ?? clientIp;
      let fingerprint: string | undefined;
      if (key !== undefined) {
        // Computed once per cached key: the hot path stays free of hashing.
        fingerprint = token?.fingerprint ?? (await keyFingerprint(key).catch(() => undefined));
        if (token !== undefined) token.fingerprint = fingerprint;
      }
      const claims = token?.claims;
      const event: AuditEvent = {
        outcome: result.ok ? 'allowed' : 'refused',
        status: result.ok ? 200 : result.status,
        ...(result.ok
          ? result.quotaExceeded === true ? { quotaExceeded: true } : {}
          : { code: result.code, reason: result.reason, description: result.description }),
        ...(api === undefined ? {} : { api: api.name, apiContext: api.context, apiVersion: api.version }),
        ...(claims === undefined ? {} : { application: claims.application.uuid, jti: claims.jti, keyType: claims.keytype }),
        ...(fingerprint === undefined ? {} : { keyFingerprint: fingerprint }),
        ...(ip === undefined ? {} : { clientIp: ip }),
        ...(cached === undefined ? {} : { cached }),
        latencyMs,
        timestamp: now(),
      };
      try {
        const returned = hook(event);
        // An async hook is not awaited (it must not slow the call down), but its rejection is caught.
        if (typeof returned?.then === 'function') returned.then(undefined, () => undefined);
      } catch {
        // A failing hook never changes the result.
      }
    },
  };
}
