import { KeygateError } from '../errors.js';
import type { Audit, AuditRecorder } from '../validate/plugins.js';
import { keyFingerprint } from './fingerprint.js';
import type { AuditEvent, AuditHook } from './types.js';

const clock = (): number => globalThis.performance?.now() ?? Date.now();

/**
 * The audit trail, for validator option `audit`: after every validation `hook` gets an
 * AuditEvent (outcome, status, reason, API, application, key fingerprint, client address,
 * latency). The hook never changes the result: a throw or a rejection is ignored, and an async
 * hook is not awaited. Throws KeygateError `ERR_INVALID_OPTION` when `hook` is not a function.
 */
export function createAuditTrail(hook: AuditHook): Audit {
  if (typeof hook !== 'function') throw new KeygateError('ERR_INVALID_OPTION', 'createAuditTrail needs a function (event) => void');
  return { createRecorder: ({ now, maxKeyLength }) => startAudit(hook, now, maxKeyLength) };
}

/** Times a validation from now; the function returned reports it to the hook. */
function startAudit(hook: AuditHook, now: () => number, maxKeyLength: number): AuditRecorder {
  return (trace) => {
    const started = clock();
    return async (result, clientIp) => {
      const latencyMs = clock() - started;
      const { api, key, token, cached } = trace;
      const ip = trace.clientIp ?? clientIp;
      let fingerprint: string | undefined;
      // A key longer than the validator accepts was refused unread: hashing it (megabytes, say)
      // would cost more than the refusal, so it gets no fingerprint.
      if (key !== undefined && key.length <= maxKeyLength) {
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
          : { code: result.code, reason: result.reason, description: result.description, ...(result.cause === undefined ? {} : { cause: result.cause }) }),
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
    };
  };
}
