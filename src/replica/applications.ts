import { applicationExists, applicationMissing, checkApplication } from '../applications/check.js';
import { corruptApplication, decodeApplication, encodeApplication } from '../applications/codec.js';
import type { Application } from '../applications/types.js';
import type { RecordSpec } from './records.js';

/** Applications in a replica: by uuid in the table `apps`, each stored as JSON (as `createRedisApplicationStore` stores it). */
export const APPLICATIONS: RecordSpec<Application> = {
  table: 'apps',
  idOf: (app) => app.uuid,
  check: checkApplication,
  encode: encodeApplication,
  exists: (app) => applicationExists(app.uuid),
  missing: (app) => applicationMissing(app.uuid),
  decode: decodeApplication,
  corrupt: corruptApplication,
};
