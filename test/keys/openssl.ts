/** Test-only: real certificates and keys from the system `openssl` / `keytool` (checked in test/setup/tools.ts). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs commands (`[program, ...args]`) in a fresh temp dir; `files` are written first; returns the named outputs. */
export function runTools(
  commands: readonly (readonly string[])[],
  outputs: readonly string[],
  files: Readonly<Record<string, string | Uint8Array>> = {},
): Record<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'keygate-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    for (const [program, ...args] of commands) execFileSync(program!, args, { cwd: dir, stdio: 'pipe' });
    return Object.fromEntries(outputs.map((name) => [name, readFileSync(join(dir, name))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** runTools with every command an openssl one. */
export function openssl(
  commands: readonly (readonly string[])[],
  outputs: readonly string[],
  files: Readonly<Record<string, string | Uint8Array>> = {},
): Record<string, Buffer> {
  return runTools(commands.map((args) => ['openssl', ...args]), outputs, files);
}

/** A self-signed certificate and its key, as PEM text. */
export function selfSignedCertificate(newkey: readonly string[] = ['-newkey', 'rsa:2048']): { cert: string; key: string } {
  const out = openssl(
    [['req', '-x509', ...newkey, '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '30', '-subj', '/CN=keygate test']],
    ['cert.pem', 'key.pem'],
  );
  return { cert: out['cert.pem']!.toString('utf8'), key: out['key.pem']!.toString('utf8') };
}

/** `openssl x509 -fingerprint -<digest>` as lowercase hex without colons. */
export function fingerprint(certPem: string, digest: 'sha1' | 'sha256'): string {
  const text = openssl([['x509', '-in', 'cert.pem', '-noout', '-fingerprint', `-${digest}`, '-out', 'fp.txt']], ['fp.txt'], {
    'cert.pem': certPem,
  })['fp.txt']!.toString('utf8');
  return text.slice(text.indexOf('=') + 1).trim().replaceAll(':', '').toLowerCase();
}

/** The DER of a PEM file's single block, decoded by openssl (independent of our PEM reader). */
export function pemToDer(pem: string, kind: 'x509' | 'pkey' | 'pubkey'): Buffer {
  const args =
    kind === 'x509'
      ? ['x509', '-in', 'in.pem', '-outform', 'DER', '-out', 'out.der']
      : kind === 'pkey'
        ? ['pkey', '-in', 'in.pem', '-outform', 'DER', '-out', 'out.der']
        : ['pkey', '-pubin', '-in', 'in.pem', '-outform', 'DER', '-out', 'out.der'];
  return openssl([args], ['out.der'], { 'in.pem': pem })['out.der']!;
}
