import { KeygateError } from '../errors.js';
import type { Application, ApplicationStatus } from './types.js';

export const APPLICATION_STATUSES: readonly ApplicationStatus[] = ['APPROVED', 'CREATED', 'ON_HOLD', 'REJECTED', 'DELETE_PENDING'];

const invalid = (message: string): never => {
  throw new KeygateError('ERR_INVALID_OPTION', message);
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The problem with one application record, or undefined: shared by the stores' writes and the Redis store's reads. */
export function applicationProblem(app: unknown): string | undefined {
  if (!isRecord(app)) return 'must be an object { uuid, name, id?, owner?, tier?, status?, attributes?, description? }';
  if (typeof app.uuid !== 'string' || app.uuid.length === 0) return 'uuid must be a non-empty string';
  if (typeof app.name !== 'string') return 'name must be a string';
  if (app.id !== undefined && !Number.isSafeInteger(app.id)) return 'id must be an integer (WSO2 parses it as one)';
  for (const field of ['owner', 'tier', 'description'] as const) {
    if (app[field] !== undefined && typeof app[field] !== 'string') return `${field} must be a string`;
  }
  if (app.status !== undefined && !(APPLICATION_STATUSES as readonly unknown[]).includes(app.status)) {
    return `status must be one of ${APPLICATION_STATUSES.join(', ')}`;
  }
  const { attributes } = app;
  if (attributes !== undefined && (!isRecord(attributes) || Object.values(attributes).some((v) => typeof v !== 'string'))) {
    return 'attributes must be an object of strings';
  }
  return undefined;
}

/** Validates an application handed to a store's add/update and returns a frozen copy. */
export function checkApplication(app: Application): Application {
  const problem = applicationProblem(app);
  if (problem !== undefined) invalid(`application.${problem}`);
  const copy = { ...app };
  if (app.attributes !== undefined) copy.attributes = Object.freeze({ ...app.attributes });
  return Object.freeze(copy);
}

export function applicationExists(uuid: string): KeygateError {
  return new KeygateError('ERR_INVALID_OPTION', `application ${uuid} already exists; use update()`);
}

export function applicationMissing(uuid: string): KeygateError {
  return new KeygateError('ERR_INVALID_OPTION', `there is no application ${uuid}; use add()`);
}
