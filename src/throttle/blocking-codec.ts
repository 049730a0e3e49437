import { parseJsonObject } from '../encoding/json.js';
import { checkCondition, conditionId } from './blocking-index.js';
import type { BlockingCondition } from './blocking-types.js';

/** How keygate's shared stores write a blocking condition as text: the checked condition as JSON. */
export const encodeCondition = (condition: BlockingCondition): string => JSON.stringify(condition);

/** The condition stored under `id` as `text`: `undefined` when the text is not one, or is another's (the caller fails closed). */
export function decodeConditionAt(id: string, text: string): BlockingCondition | undefined {
  const condition = decodeCondition(text);
  return condition !== undefined && conditionId(condition) === id ? condition : undefined;
}

/** The condition stored as `text`, checked and frozen; `undefined` when the text is not one (the caller fails closed). */
export function decodeCondition(text: string): BlockingCondition | undefined {
  try {
    const json = parseJsonObject(text, 2);
    return json === undefined ? undefined : checkCondition(json);
  } catch {
    return undefined;
  }
}
