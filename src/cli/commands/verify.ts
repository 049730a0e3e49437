import { apiBasePath, createValidator } from '../../index.js';
import { createRestrictions } from '../../restrict/index.js';
import { importPublicKey } from '../../keys/index.js';
import { decodeKey } from '../../issue/index.js';
import type { ApiDefinition, Algorithm, KeyStore, PublicKey, SubscriptionStore, ValidationResult } from '../../index.js';
import { isSupportedAlgorithm } from '../../jws/algorithms.js';
import { apiArgument, usageError } from '../args.js';
import { defineCommand } from '../command.js';
import { defined } from '../defined.js';
import { importKeyFile, readKeyFile, readTextFile } from '../key-files.js';
import { readKeyArgument } from '../key-input.js';
import { isJwkSet, parseJwks } from '../jwks-file.js';

/** The CLI sees no gateway's subscription store: it takes the subscription as given. */
const ASSUME_SUBSCRIBED: SubscriptionStore = {
  find: (applicationUuid, apiContext, apiVersion) => Promise.resolve({ applicationUuid, apiContext, apiVersion }),
};

/** Any API when --api is not given and the key names none (lightweight keys). */
const ANY_API: ApiDefinition = { name: '(any API)', context: '/', version: 'any', basePath: '/' };

/** --api, else the APIs a full key lists, else ANY_API. */
function apisToCheck(api: string | undefined, claims: Readonly<Record<string, unknown>>): ApiDefinition[] {
  if (api !== undefined) {
    // Named by its context: messages add the version ("not issued for /billing v1").
    const { context, version } = apiArgument(api, '--api');
    return [{ name: context, context, version }];
  }
  const listed = Array.isArray(claims.subscribedAPIs) ? (claims.subscribedAPIs as unknown[]) : [];
  const apis = new Map<string, ApiDefinition>();
  for (const entry of listed) {
    const { context, version, name } = (entry ?? {}) as Record<string, unknown>;
    if (typeof context !== 'string' || !context.startsWith('/') || typeof version !== 'string' || version.length === 0) continue;
    // WSO2 and issueKey write the context with its version: /pizzashack/1.0.0.
    const unversioned = context.endsWith(`/${version}`) && context.length > version.length + 1 ? context.slice(0, -version.length - 1) : context;
    const label = typeof name === 'string' ? name : unversioned;
    apis.set(`${unversioned} ${version}`, { name: label, context: unversioned, version });
  }
  return apis.size > 0 ? [...apis.values()] : [ANY_API];
}

interface TrustFlags {
  readonly jwks?: string;
  readonly cert?: string;
  readonly public?: string;
}

function checkTrustFlags(values: TrustFlags): void {
  const given = [values.jwks, values.cert, values.public].filter((v) => v !== undefined);
  if (given.length !== 1) throw usageError('give exactly one of --jwks FILE, --cert PEM or --public PEM');
}

/** What the key says about itself, read without trusting it; a malformed key is left to the validator. */
function peek(apiKey: string): { kid?: string; alg?: Algorithm; claims: Readonly<Record<string, unknown>> } {
  try {
    const { header, payload } = decodeKey(apiKey);
    const kid = typeof header.kid === 'string' ? header.kid : undefined;
    const alg = isSupportedAlgorithm(header.alg) ? header.alg : undefined;
    return { ...defined({ kid, alg }), claims: payload };
  } catch {
    return { claims: {} };
  }
}

async function trustedKeys(values: TrustFlags, kid: string | undefined, alg: Algorithm | undefined): Promise<KeyStore> {
  let keys: PublicKey[];
  const pemPath = values.cert ?? values.public;
  if (pemPath !== undefined) {
    const file = await readKeyFile(pemPath, values.cert === undefined ? undefined : 'CERTIFICATE');
    if (isJwkSet(file.text)) throw usageError(`${pemPath} is a JWK Set: pass it with --jwks ${pemPath}`);
    keys = [await importKeyFile(file, defined({ kid, alg }))];
  } else {
    const path = values.jwks ?? '';
    // Only the JWK named by the key's kid is imported: a set may hold keys keygate cannot use.
    const jwks = parseJwks(await readTextFile(path), path).filter((jwk) => kid !== undefined && jwk.kid === kid);
    if (jwks.length > 1) throw usageError(`${path} has ${jwks.length} keys with kid ${JSON.stringify(kid)}: a kid must name one key`);
    keys = await Promise.all(jwks.map((jwk) => importPublicKey(jwk, defined({ alg: jwk.alg === undefined ? alg : undefined }))));
  }
  return { getKey: (wanted) => keys.find((key) => key.alias === wanted) };
}

/** `/pizzashack 1.0.0`, with the name first when it says more: `PizzaShackAPI (/pizzashack 1.0.0)`. */
const apiLabel = ({ name, context, version }: ApiDefinition): string =>
  name === context ? `${context} ${version}` : `${name} (${context} ${version})`;

function report(result: ValidationResult): string {
  if (!result.ok) return `invalid: ${result.status} ${result.code} ${result.message}: ${result.description} [${result.reason}]\n`;
  const { claims, api } = result;
  const app = claims.application;
  const rows: Array<[string, string]> = [
    ['application', `${app.name ?? '(unnamed)'} (uuid ${app.uuid})`],
    ['key type', result.keyType],
    ['API', api === ANY_API ? 'not checked (pass --api CONTEXT:VERSION)' : apiLabel(api)],
    ['signed by', `kid ${result.key.alias}, ${result.key.alg}`],
    ['expires', claims.exp === undefined ? 'never' : new Date(claims.exp * 1000).toISOString()],
    ['subscription', 'assumed (the CLI has no subscription store; your gateway checks it)'],
  ];
  return `valid\n${rows.map(([name, value]) => `  ${name.padEnd(12)}  ${value}`).join('\n')}\n`;
}

export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'Validate an API key: signature, expiry, API and restrictions (exit 0 only if valid)',
  help: `Usage: keygate verify KEY (--jwks FILE | --cert PEM | --public PEM) [options]

Validates an API key as a gateway would: signature by the trusted key named by its kid,
expiry, the API (full keys must list it) and the key's IP and referrer restrictions.
Prints 'valid' and the key's application, or 'invalid: <status> <code> <message>: <why>'.
Exit status 0 only when the key is valid, 1 when it is not, 2 on a usage error.
The subscription itself is assumed: only your gateway's subscription store knows it.
KEY may be URL-encoded; '-' reads it from standard input.

Options:
  --jwks FILE            trust the keys of a JWK Set (the one whose kid the key names)
  --cert PEM             trust an X.509 certificate (PEM, or DER as keytool -export writes),
                         e.g. the one WSO2 API Manager signs API keys with
  --public PEM           trust an SPKI public key (keygen's public.pem)
  --api CONTEXT:VERSION  the API being called, e.g. /pizzashack:1.0.0
  --ip ADDR              the client's IP address (needed when the key has an IP restriction)
  --referrer URL         the Referer header (needed when the key has a referrer restriction)
  -h, --help             show this help
A --cert or --public file without a 'kid:' line is trusted under the key's own kid.

Example:
  keygate verify "$KEY" --public keys/public.pem --api /pizzashack:1.0.0 --ip 127.0.0.1
`,
  options: {
    jwks: { type: 'string' },
    cert: { type: 'string' },
    public: { type: 'string' },
    api: { type: 'string' },
    ip: { type: 'string' },
    referrer: { type: 'string' },
  },
  maxPositionals: 1,
  async execute(values, positionals, io) {
    checkTrustFlags(values);
    const apiKey = await readKeyArgument(positionals[0], io);
    const { kid, alg, claims } = peek(apiKey);
    const keys = await trustedKeys(values, kid, alg);
    const apis = apisToCheck(values.api, claims);
    const validator = createValidator({ keys, subscriptions: ASSUME_SUBSCRIBED, apis, restrictions: createRestrictions() });
    const first = apis[0] ?? ANY_API;
    const headers: Record<string, string> = { apikey: apiKey };
    if (values.referrer !== undefined) headers.referer = values.referrer;
    const result = await validator.validate(
      { url: `http://keygate.invalid${apiBasePath(first)}`, headers },
      defined({ clientIp: values.ip }),
    );
    io.out(report(result));
    return result.ok ? 0 : 1;
  },
});
