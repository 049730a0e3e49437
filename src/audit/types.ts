import type { KeyType } from '../claims/types.js';
import type { FailureReason, WSO2ErrorCode } from '../validate/types.js';

/**
 * One validation, for logs and metrics. Carries a fingerprint of the key, never the key; the
 * application, `jti` and key type only once the signature has been verified (a forged key's
 * claims are not facts).
 */
export interface AuditEvent {
  readonly outcome: 'allowed' | 'refused';
  /** HTTP status: 200 when allowed. */
  readonly status: number;
  /** WSO2 code and keygate reason of a refusal. */
  readonly code?: WSO2ErrorCode | undefined;
  readonly reason?: FailureReason | undefined;
  readonly description?: string | undefined;
  /** Of a 503 or 500: the error behind it (the store's), for operators; never sent to clients. */
  readonly cause?: unknown | undefined;
  /** Allowed although over quota (a tier with `stopOnQuotaReach: false`). */
  readonly quotaExceeded?: boolean | undefined;
  /** Name, context and version of the API called, once matched. */
  readonly api?: string | undefined;
  readonly apiContext?: string | undefined;
  readonly apiVersion?: string | undefined;
  /** `application.uuid` of a verified key. */
  readonly application?: string | undefined;
  readonly jti?: string | undefined;
  readonly keyType?: KeyType | undefined;
  /** First 16 hex digits of the SHA-256 of the key as sent (see keyFingerprint); absent for a key over `maxKeyLength`. */
  readonly keyFingerprint?: string | undefined;
  readonly clientIp?: string | undefined;
  /** The signature check was answered from the validation cache. */
  readonly cached?: boolean | undefined;
  /** Time spent in `validate`, in milliseconds. */
  readonly latencyMs: number;
  /** When the call was validated (epoch milliseconds, from the validator's clock). */
  readonly timestamp: number;
}

/** What `createAuditTrail` calls after every validation. A throwing or rejecting hook never changes the result. */
export type AuditHook = (event: AuditEvent) => void | PromiseLike<void>;
