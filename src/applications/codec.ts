import { parseJsonObject } from '../encoding/json.js';
import { KeygateError } from '../errors.js';
import { checkApplication } from './check.js';
import type { Application } from './types.js';

/** How keygate's shared stores write an application as text: the (checked) record as JSON. */
export const encodeApplication = (app: Application): string => JSON.stringify(app);

/**
 * The application stored as `text` under `uuid`, checked and frozen; `undefined` when the text is
 * not an application of that uuid (the caller fails closed: see `corruptApplication`).
 */
export function decodeApplication(uuid: string, text: string): Application | undefined {
  const entry = parseJsonObject(text, 3);
  if (entry === undefined || entry.uuid !== uuid) return undefined;
  try {
    return checkApplication(entry as unknown as Application);
  } catch {
    return undefined;
  }
}

/** Fail closed: a value we cannot read must not be taken for an application nor for "unknown". */
export function corruptApplication(): KeygateError {
  return new KeygateError('ERR_STORE_UNAVAILABLE', "a stored application is not in keygate's format");
}
