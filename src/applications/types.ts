/** WSO2 API Manager's application states. Only `APPROVED` applications may call APIs. */
export type ApplicationStatus = 'APPROVED' | 'CREATED' | 'ON_HOLD' | 'REJECTED' | 'DELETE_PENDING';

/**
 * An application as the gateway's data store knows it (WSO2's Developer Portal application): what a
 * lightweight key, which carries only `application.{id,uuid}`, is resolved to.
 */
export interface Application {
  readonly uuid: string;
  /** WSO2's integer application id (the backend JWT's `applicationid`). */
  readonly id?: number | undefined;
  readonly name: string;
  /** The subscriber who owns it: the backend JWT's `subscriber`. */
  readonly owner?: string | undefined;
  /** Application throttling tier (`10PerMin`, `20PerMin`, `50PerMin`, `Unlimited` or your own). */
  readonly tier?: string | undefined;
  /**
   * Default `APPROVED`. `CREATED` (pending approval), `ON_HOLD`, `REJECTED` and `DELETE_PENDING`
   * refuse its keys (403, 900908).
   */
  readonly status?: ApplicationStatus | undefined;
  /** The application's attributes: the backend JWT's `applicationAttributes`. */
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}

/**
 * Finds applications by uuid (validator option `applications`). May answer at once (in memory)
 * or with a promise (a database, Redis); it is asked in the same round trip as the revocation and
 * subscription stores. Throwing (or rejecting) makes `validate` answer 503, never a pass.
 */
export interface ApplicationStore {
  find(uuid: string): Application | undefined | Promise<Application | undefined>;
}

/**
 * The application of an accepted call: the application store's record when the validator has
 * one (it wins over what a key says: a key may be stale), else the key's `application` claim.
 */
export interface ApplicationInfo {
  readonly uuid: string;
  readonly id?: number | undefined;
  readonly name?: string | undefined;
  readonly owner?: string | undefined;
  readonly tier?: string | undefined;
  readonly attributes?: Readonly<Record<string, string>> | undefined;
}
