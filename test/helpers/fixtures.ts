import {
  createMemoryRevocationStore,
  createMemorySubscriptionStore,
  createValidator,
  type KeyPair,
  type AnyValidationSuccess,
  type PrivateKey,
  type ValidationResult,
  type ValidationSuccess,
  type Validator,
  type ValidatorOptions,
} from '../../src/index.js';
import { generateKeyPair } from '../../src/keys/index.js';
import { issueKey, type IssueKeyOptions } from '../../src/issue/index.js';
import { base64UrlEncodePadded } from '../../src/encoding/base64.js';
import { utf8Encode } from '../../src/encoding/utf8.js';
import { algorithmSpec } from '../../src/jws/algorithms.js';

export const APP_UUID = '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547';
export const PIZZA = { name: 'PizzaShackAPI', context: '/pizzashack', version: '1.0.0' } as const;
export const MENU_URL = 'https://gw.example.com/pizzashack/1.0.0/menu';

let shared: Promise<KeyPair> | undefined;
/** One RSA key pair per test file: generation is the slow part. */
export function sharedKeyPair(): Promise<KeyPair> {
  shared ??= generateKeyPair();
  return shared;
}

/** Overrides for gateways whose calls all need a key (no `resources`): their results are ValidationSuccess. */
export type KeyOnlyOverrides = Omit<Partial<ValidatorOptions>, 'resources'>;

/** A PizzaShack gateway whose validator answers `S` (see SuccessOf). */
export type PizzaGateway<S extends AnyValidationSuccess = ValidationSuccess> = Omit<Awaited<ReturnType<typeof buildGateway>>, 'validator' | 'call'> & {
  readonly validator: Validator<S>;
  call(apiKey: string, init?: { url?: string; header?: string }): Promise<ValidationResult<S>>;
};

async function buildGateway(overrides: Partial<ValidatorOptions>) {
  const pair = await sharedKeyPair();
  const subscriptions = createMemorySubscriptionStore([
    { applicationUuid: APP_UUID, apiContext: PIZZA.context, apiVersion: PIZZA.version, tier: 'Unlimited' },
  ]);
  const revocations = createMemoryRevocationStore();
  const validator: Validator<AnyValidationSuccess> = createValidator({
    keys: [pair.publicKey],
    subscriptions,
    revocations,
    apis: [PIZZA],
    ...overrides,
  });
  const issue = (options: Partial<IssueKeyOptions> = {}) =>
    issueKey({
      signingKey: pair.privateKey,
      application: { uuid: APP_UUID, id: 35, name: 'DefaultApplication', owner: 'kanchana', tier: 'Unlimited' },
      subject: 'kanchana',
      ...options,
    });
  const call = (apiKey: string, init: { url?: string; header?: string } = {}) =>
    validator.validate(new Request(init.url ?? MENU_URL, { headers: { [init.header ?? 'apikey']: apiKey } }));
  return { pair, subscriptions, revocations, validator, issue, call };
}

/**
 * A gateway set up like the seed doc's PizzaShack sample, plus the pieces tests poke at. Its
 * results are ValidationSuccess unless `overrides` has `resources` (as createValidator types them).
 */
export function pizzaGateway(overrides?: KeyOnlyOverrides & { readonly resources?: undefined }): Promise<PizzaGateway>;
export function pizzaGateway(overrides: Partial<ValidatorOptions>): Promise<PizzaGateway<AnyValidationSuccess>>;
export function pizzaGateway(overrides: Partial<ValidatorOptions> = {}): Promise<PizzaGateway<AnyValidationSuccess>> {
  return buildGateway(overrides);
}

/** Signs like WSO2 API Manager: padded base64url segments, signature over the padded input. */
export async function signWso2Style(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: PrivateKey,
): Promise<string> {
  const input = `${base64UrlEncodePadded(utf8Encode(JSON.stringify(header)))}.${base64UrlEncodePadded(utf8Encode(JSON.stringify(payload)))}`;
  const sig = await crypto.subtle.sign(algorithmSpec(key.alg).signParams, key.cryptoKey, utf8Encode(input));
  return `${input}.${base64UrlEncodePadded(new Uint8Array(sig))}`;
}

/**
 * A key for the PizzaShack application signed WSO2-style by the shared key pair, carrying `claims` as
 * given: what another issuer might sign (issueKey would refuse bad restriction entries).
 */
export async function signPizzaKey(claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await sharedKeyPair();
  const payload = { jti: 'signed-as-given', application: { uuid: APP_UUID, id: 35 }, keytype: 'PRODUCTION', token_type: 'apiKey', ...claims };
  return signWso2Style({ kid: privateKey.alias, typ: 'JWT', alg: privateKey.alg }, payload, privateKey);
}

/** The sample key printed in the seed doc (WSO2 API Manager 3.x, full key, padded, no exp). */
export const SEED_SAMPLE_KEY =
  'eyJ4NXQiOiJaalJtWVRNd05USmpPV1U1TW1Jek1qZ3pOREkzWTJJeU1tSXlZMkV6TWpkaFpqVmlNamMwWmc9PSIsImtpZCI6ImdhdGV3YXlfY2VydGlmaWNhdGVfYWxpYXMiLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJrYW5jaGFuYSIsImFwcGxpY2F0aW9uIjp7Im93bmVyIjoia2FuY2hhbmEiLCJ0aWVyIjoiVW5saW1pdGVkIiwibmFtZSI6IkRlZmF1bHRBcHBsaWNhdGlvbiIsImlkIjozNSwidXVpZCI6IjFmYjBiYjZlLTNiNWUtNDVmZS04Y2I1LTEwN2QzMGJmOTU0NyJ9LCJ0aWVySW5mbyI6eyJVbmxpbWl0ZWQiOnsic3RvcE9uUXVvdGFSZWFjaCI6dHJ1ZSwic3Bpa2VBcnJlc3RMaW1pdCI6MCwic3Bpa2VBcnJlc3RVbml0IjpudWxsfX0sImtleXR5cGUiOiJQUk9EVUNUSU9OIiwic3Vic2NyaWJlZEFQSXMiOlt7InN1YnNjcmliZXJUZW5hbnREb21haW4iOiJjYXJib24uc3VwZXIiLCJuYW1lIjoiUGl6emFTaGFja0FQSSIsImNvbnRleHQiOiJcL3Bpenphc2hhY2tcLzEuMC4wIiwicHVibGlzaGVyIjoiYWRtaW4iLCJ2ZXJzaW9uIjoiMS4wLjAiLCJzdWJzY3JpcHRpb25UaWVyIjoiVW5saW1pdGVkIn0seyJzdWJzY3JpYmVyVGVuYW50RG9tYWluIjoiY2FyYm9uLnN1cGVyIiwibmFtZSI6IlBpenphU2hhY2tBUEkiLCJjb250ZXh0IjoiXC9waXp6YXNoYWNrXC8xLjAuMCIsInB1Ymxpc2hlciI6ImFkbWluIiwidmVyc2lvbiI6IjEuMC4wIiwic3Vic2NyaXB0aW9uVGllciI6IlVubGltaXRlZCJ9XSwiaWF0IjoxNTcxNzY1Njk2LCJqdGkiOiJhOWVmMDFmYi1kNDA1LTQ0YTYtOWVkMi02ZTdhZjUyZGQ3ODMifQ==.KbxcrZv7buRSqtyI44eCGA_4mrGTRc0-ik4hmsYsmoFs5wbTXrcC1vZ7-fe9KMEWnyW6VeWJq-PnqDZzc4wOno02YMlUH9kGZ6bWj3z4RH9vVLd_xeBV50EXEDm7MbyeI-t7ADMYoOWOBBafNfiigm_86gj7LfeoSkGjsreFIJyhWIxepm3lO54cfYcDJAk3pB-T2bKC0aHJzFn_N_HuBN9lOy2yCPdJyoThQEbedBwtvh8WlTNKh7kL9Nj2E1ZwhKli0M9tuIsp08aztwUP3a-QPF4oIx4Lid0rYIr5jyQCHHor55wtzxJKH2VayZnEFIdySEjQBBj7SAfjcLXvXw==';
