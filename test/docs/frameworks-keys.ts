import { type KeyPair } from '../../src/index.js';
import { exportJwks, exportPublicKeyPem, generateKeyPair } from '../../src/keys/index.js';
import { issueKey } from '../../src/issue/index.js';

export const APP_UUID = '1fb0bb6e-3b5e-45fe-8cb5-107d30bf9547';
export const MENU = '/pizzashack/1.0.0/menu';

/** Keys for docs/frameworks.md: the `keys.js` module the shared validator imports, an API key, a tampered one and the JWKS. */
export async function frameworkKeys(pair?: KeyPair) {
  const { privateKey, publicKey } = pair ?? (await generateKeyPair());
  const issue = (permittedIPs?: string[]) =>
    issueKey({ signingKey: privateKey, subject: 'kanchana', application: { uuid: APP_UUID, name: 'DefaultApplication' }, ...(permittedIPs ? { permittedIPs } : {}) });
  const apiKey = await issue();
  const at = apiKey.lastIndexOf('.') + 20;
  return {
    apiKey,
    tampered: apiKey.slice(0, at) + (apiKey[at] === 'A' ? 'B' : 'A') + apiKey.slice(at + 1),
    /** Keys usable only from this machine, and only from elsewhere (10.0.0.0/8). */
    fromHere: await issue(['127.0.0.1', '::1']),
    fromElsewhere: await issue(['10.0.0.0/8']),
    keysModule: `export const publicKeyPem = ${JSON.stringify(await exportPublicKeyPem(publicKey))};\n`,
    jwks: JSON.stringify(await exportJwks([publicKey])),
  };
}
