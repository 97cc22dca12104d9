// The certificate the router serves HTTPS with: one per user, for localhost, 127.0.0.1 and ::1,
// made on first use and kept in hdev's data folder. Heroku serves every app over HTTPS and tells
// it so (X-Forwarded-Proto: https); apps that redirect to https in production need a local
// https that answers, or every page becomes a redirect to nowhere.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface TlsCredentials {
  readonly key: string;
  readonly cert: string;
}

export interface CertificatePaths {
  readonly cert: string;
  readonly key: string;
}

/** hdev's per-user data folder: $XDG_DATA_HOME/hdev, ~/.local/share/hdev, or macOS's own. */
export function dataDirectory(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, 'hdev');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'hdev');
  return join(home, '.local', 'share', 'hdev');
}

export function certificatePaths(directory: string): CertificatePaths {
  return {
    cert: join(directory, 'localhost-cert.pem'),
    key: join(directory, 'localhost-key.pem'),
  };
}

/** How to make browsers and tools trust the certificate, for `hdev start --help`. */
export function trustInstructions(certPath: string): string {
  return [
    `HTTPS: the router also serves TLS on its port, with a certificate for localhost kept in`,
    `  ${certPath}`,
    'To trust it:',
    `  Debian/Ubuntu: sudo cp '${certPath}' /usr/local/share/ca-certificates/hdev-localhost.crt && sudo update-ca-certificates`,
    `  macOS:         sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain '${certPath}'`,
    `  Firefox/Chrome (NSS): certutil -d sql:$HOME/.pki/nssdb -A -t 'P,,' -n hdev-localhost -i '${certPath}'`,
    `  Node.js:       NODE_EXTRA_CA_CERTS='${certPath}'`,
  ].join('\n');
}

/** A certificate good for at least another day, whose key matches it; else undefined. */
export function usableCredentials(
  credentials: TlsCredentials,
  now: number = Date.now(),
): TlsCredentials | undefined {
  try {
    const certificate = new X509Certificate(credentials.cert);
    if (Date.parse(certificate.validTo) - now < 86_400_000) return undefined;
    if (!certificate.checkPrivateKey(createPrivateKey(credentials.key))) return undefined;
    return credentials;
  } catch {
    return undefined;
  }
}

function readCredentials(paths: CertificatePaths): TlsCredentials | undefined {
  try {
    return usableCredentials({
      cert: readFileSync(paths.cert, 'utf8'),
      key: readFileSync(paths.key, 'utf8'),
    });
  } catch {
    return undefined;
  }
}

/** 825 days: the longest validity Apple's platforms accept for a TLS server certificate. */
const VALIDITY_DAYS = 825;

async function generateCredentials(): Promise<TlsCredentials> {
  // Loaded only when a certificate must be made: the package takes longer to load than the
  // ECDSA key and certificate take to make.
  const loaded = await import('selfsigned');
  // Node names the CommonJS export; esbuild's bundle exposes it only as `default`.
  const generate =
    typeof loaded.generate === 'function'
      ? loaded.generate
      : (loaded as unknown as { default: typeof loaded }).default.generate;
  const now = Date.now();
  const made = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + VALIDITY_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: made.private, cert: made.cert };
}

/** Writes a file whole or not at all (a second hdev reading it meanwhile sees the old one). */
function writeAtomically(path: string, content: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content, { mode });
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

/**
 * The certificate in `directory`, reused while it is valid; made (and saved, the key readable
 * by this user only) when it is missing, expired or unreadable.
 */
export async function localhostCredentials(directory: string): Promise<TlsCredentials> {
  const paths = certificatePaths(directory);
  const existing = readCredentials(paths);
  if (existing !== undefined) return existing;
  const made = await generateCredentials();
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  writeAtomically(paths.key, made.key, 0o600);
  writeAtomically(paths.cert, made.cert, 0o644);
  return made;
}

/** `hdev start --help`'s note on HTTPS, for this user's certificate. */
export function routerTrustHelp(env: Readonly<Record<string, string | undefined>>): string {
  return trustInstructions(certificatePaths(dataDirectory(env)).cert);
}
