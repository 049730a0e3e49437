import { isKeygateError, KeygateError } from '../../index.js';
import { issueKey } from '../../issue/index.js';
import type { SubscribedApiClaim } from '../../index.js';
import { apiArgument, duration, required, usageError } from '../args.js';
import { defineCommand } from '../command.js';
import { defined } from '../defined.js';
import { loadPrivateKey } from '../key-files.js';

/** issueKey's option names -> this command's flags, so its messages name what the user typed. */
const FLAG_OF_OPTION: ReadonlyArray<readonly [string, string]> = [
  ['permittedIPs', '--ip'],
  ['permittedReferrers', '--referrer'],
  ['validityPeriod', '--validity'],
  ['application.uuid', '--app-uuid'],
  ['application.name', '--app-name'],
  ['subject', '--subject'],
];

/** `permittedIPs[1] is invalid: ...` -> `--ip value 2 is invalid: ...`. */
function inFlagTerms(error: unknown): unknown {
  if (!isKeygateError(error)) return error;
  const pair = FLAG_OF_OPTION.find(([option]) => error.message.startsWith(option));
  if (pair === undefined) return error;
  let rest = error.message.slice(pair[0].length);
  const close = rest.indexOf(']');
  if (rest.startsWith('[') && close > 1) rest = ` value ${Number(rest.slice(1, close)) + 1}${rest.slice(close + 1)}`;
  return new KeygateError(error.code, `${pair[1]}${rest}`, { cause: error });
}

/** `/pizzashack:1.0.0` -> the subscribedAPIs entry, named after the context (`pizzashack`). */
function subscribedApi(value: string): SubscribedApiClaim {
  const { context, version } = apiArgument(value, '--api');
  const unversioned = context.endsWith(`/${version}`) ? context.slice(0, -version.length - 1) : context;
  return { name: unversioned.slice(1) || context, context, version };
}

export const issueCommand = defineCommand({
  name: 'issue',
  summary: 'Mint an API key signed with a private key (prints the key)',
  help: `Usage: keygate issue --key FILE --app-uuid UUID [options]

Mints an API key for an application and prints it on standard output. The key is
lightweight (WSO2's default: the gateway checks the subscription in its own store)
unless --full is given, which embeds the subscribed APIs in the key.

Options:
  --key FILE           PKCS#8 PEM signing key (from 'keygate keygen'; kid/alg from its
                       annotations, else kid gateway_certificate_alias and the key's algorithm)
  --app-uuid UUID      the application's uuid (subscriptions are looked up by it)
  --app-name NAME      with --full: the application's name, e.g. DefaultApplication
                       (lightweight keys carry the application's uuid only)
  --subject NAME       the subscriber, claim sub
  --validity DURATION  lifetime: seconds (3600), or 90m, 1h, 30d (default: the key never
                       expires, as WSO2's default)
  --ip CIDR            allow only this IP address or CIDR range; repeat for more
  --referrer PATTERN   allow only this HTTP referrer, e.g. '*.example.com/*'; repeat for more
  --full               issue a full key (with subscribedAPIs) instead of a lightweight one
  --api CONTEXT:VERSION  with --full: an API the key is for, e.g. /pizzashack:1.0.0; repeat for more
  -h, --help           show this help

Example:
  keygate issue --key keys/private.pem --app-uuid 1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547 \\
    --validity 1h --ip 192.168.1.0/24
`,
  options: {
    key: { type: 'string' },
    'app-uuid': { type: 'string' },
    'app-name': { type: 'string' },
    subject: { type: 'string' },
    validity: { type: 'string' },
    ip: { type: 'string', multiple: true },
    referrer: { type: 'string', multiple: true },
    full: { type: 'boolean' },
    api: { type: 'string', multiple: true },
  },
  maxPositionals: 0,
  async execute(values, _positionals, io) {
    const keyPath = required(values.key, '--key');
    const uuid = required(values['app-uuid'], '--app-uuid');
    const name = values['app-name'];
    const full = values.full === true;
    if (full && values.api === undefined) throw usageError('--full needs at least one --api CONTEXT:VERSION');
    if (!full && values.api !== undefined) throw usageError('--api is embedded in full keys only: add --full');
    const validityPeriod = values.validity === undefined ? undefined : duration(values.validity, '--validity');
    const subscriptions = values.api?.map(subscribedApi);
    const signingKey = await loadPrivateKey(keyPath);
    const apiKey = await issueKey({
      signingKey,
      application: { uuid, ...defined({ name }) },
      lightweight: !full,
      ...defined({
        subject: values.subject,
        validityPeriod,
        permittedIPs: values.ip,
        permittedReferrers: values.referrer,
        subscriptions,
      }),
    }).catch((error: unknown) => {
      throw inFlagTerms(error);
    });
    // Accepted for scripts written for 0.1.0, which required it; said so, since the key lacks it.
    if (!full && name !== undefined) io.err('keygate issue: note: --app-name is left out of lightweight keys (they carry the uuid only); add --full to embed it\n');
    io.out(`${apiKey}\n`);
    return 0;
  },
});
