/**
 * An app's certificate credential from one PEM file holding the private key and the certificate
 * (optionally its chain), as `openssl pkcs12 -in app.pfx -out app.pem` writes it. MSAL signs the
 * client assertion with the key (PS256, so RSA) and names the certificate by its SHA-256
 * thumbprint (`x5t#S256`); the certificate itself goes in `x5c`. An encrypted key is opened with
 * a passphrase; the decrypted key stays in memory.
 *
 * @module
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { FormatError, UsageError } from '../../errors.js';

/** What MSAL's `auth.clientCertificate` needs. */
export interface ClientCertificate {
  /** Hex SHA-256 thumbprint of the leaf certificate's DER. */
  readonly thumbprintSha256: string;
  /** The private key as unencrypted PKCS#8 PEM (in memory only). */
  readonly privateKey: string;
  /** The certificate chain, PEM, leaf first. */
  readonly x5c: string;
  /** Subject and expiry, for messages. */
  readonly subject: string;
  readonly validTo: string;
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN ((?:ENCRYPTED |RSA |EC )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;

/**
 * Reads `path`. `passphrase` opens an encrypted key (from MAILTRAIL_CERTIFICATE_PASSWORD);
 * `nowMs` checks the validity period.
 */
export async function readClientCertificate(
  path: string,
  passphrase: string | undefined,
  nowMs: number = Date.now(),
): Promise<ClientCertificate> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`[auth] cannot read the certificate file ${path}: ${(err as Error).message}`);
  }
  return parseClientCertificate(text, path, passphrase, nowMs);
}

/** {@link readClientCertificate} on text already read; `origin` names it in messages. */
export function parseClientCertificate(
  text: string,
  origin: string,
  passphrase: string | undefined,
  nowMs: number = Date.now(),
): ClientCertificate {
  const keyPem = KEY_BLOCK.exec(text)?.[0];
  const certPems = text.match(CERT_BLOCK) ?? [];
  if (keyPem === undefined || certPems.length === 0)
    throw new FormatError(
      `[auth] ${origin} must hold the private key and the certificate in PEM (${keyPem === undefined ? 'no PRIVATE KEY block' : 'no CERTIFICATE block'}); convert a .pfx with: openssl pkcs12 -in app.pfx -out app.pem`,
    );
  const encrypted = keyPem.includes('ENCRYPTED') || /Proc-Type:\s*4,ENCRYPTED/.test(keyPem);
  if (encrypted && (passphrase === undefined || passphrase === ''))
    throw new UsageError(
      `[auth] the private key in ${origin} is encrypted: set MAILTRAIL_CERTIFICATE_PASSWORD to its passphrase`,
    );
  let key: KeyObject;
  try {
    key = createPrivateKey(encrypted ? { key: keyPem, passphrase: passphrase! } : { key: keyPem });
  } catch (err) {
    throw new FormatError(
      encrypted
        ? `[auth] cannot decrypt the private key in ${origin}: wrong MAILTRAIL_CERTIFICATE_PASSWORD or a damaged file`
        : `[auth] the private key in ${origin} cannot be read: ${(err as Error).message}`,
      { cause: err },
    );
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw new FormatError(
      `[auth] the key in ${origin} is ${key.asymmetricKeyType ?? 'not RSA'}; Entra ID certificate credentials need an RSA key (MSAL signs with PS256)`,
    );
  let certs: X509Certificate[];
  try {
    certs = certPems.map((pem) => new X509Certificate(pem));
  } catch (err) {
    throw new FormatError(`[auth] a certificate in ${origin} cannot be read: ${(err as Error).message}`);
  }
  // The leaf is the certificate of the key, wherever the file lists it (PEMs exported from a
  // .pfx often list the issuing CA first); it goes first in x5c, as the service expects.
  const at = certs.findIndex((c) => c.checkPrivateKey(key));
  if (at < 0)
    throw new FormatError(
      `[auth] the private key in ${origin} belongs to none of its ${certs.length} certificate(s) (first: ${certs[0]!.subject.replace(/\n/g, ', ')})`,
    );
  const leaf = certs[at]!;
  const chain = [certPems[at]!, ...certPems.filter((_, i) => i !== at)];
  if (Date.parse(leaf.validTo) < nowMs)
    throw new UsageError(
      `[auth] the certificate in ${origin} expired on ${leaf.validTo}; make a new one and upload it to the app registration`,
    );
  return {
    thumbprintSha256: createHash('sha256').update(leaf.raw).digest('hex'),
    privateKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    x5c: chain.join('\n'),
    subject: leaf.subject.replace(/\n/g, ', '),
    validTo: leaf.validTo,
  };
}
