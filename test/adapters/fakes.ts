import { throttled } from '../../src/throttle/verdict.js';
import type { ValidateContext, ValidationResult } from '../../src/index.js';
import type { ValidatorLike } from '../../src/fetch/index.js';

/** A validator that answers `result` and records what it was asked. */
export function fakeValidator(result: ValidationResult) {
  const calls: { url: string; context: ValidateContext | undefined }[] = [];
  const validator: ValidatorLike = {
    async validate(request, context) {
      calls.push({ url: request.url, context });
      return result;
    },
  };
  return { validator, calls };
}

/** What the gateway helper's rate limiter answers for a call over the quota. */
export const THROTTLED = throttled('subscription', 'You have exceeded your quota', 41.5);
