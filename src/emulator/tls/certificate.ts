/**
 * Issues X.509 v3 certificates with node:crypto keys: the emulator's per-run test certificate
 * authority and its server certificate, and client certificates for app registrations in tests.
 * Nothing here is meant for production trust: keys live in memory for one run and are never
 * written unless a caller asks (the CA *certificate* is public and may be written for clients).
 *
 * @module
 */
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  booleanValue,
  explicit,
  nullValue,
  octetString,
  oid,
  sequence,
  set,
  smallInteger,
  time,
  tlv,
  unsignedInteger,
  utf8String,
} from './der.js';

/** What a certificate is for. */
export type CertificateRole = 'ca' | 'server' | 'client';

export interface CertificateRequest {
  /** Common name of the subject. */
  readonly commonName: string;
  readonly role: CertificateRole;
  /** The subject's public key. */
  readonly publicKey: KeyObject;
  /** Issuer name and signing key; absent = self-signed with `selfKey`. */
  readonly issuer?: { readonly certificate: X509Certificate; readonly privateKey: KeyObject };
  /** The subject's private key, required for a self-signed certificate. */
  readonly selfKey?: KeyObject;
  /** DNS names and IP addresses the certificate is valid for (server certificates). */
  readonly altNames?: readonly string[];
  /** Validity in days from one hour ago; default 2. */
  readonly days?: number;
}

/** An issued certificate with its PEM text. */
export interface IssuedCertificate {
  readonly certificate: X509Certificate;
  readonly pem: string;
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
} as const;

const nameOf = (commonName: string): Buffer =>
  sequence(
    set(sequence(oid(OID.organization), utf8String('mailtrail emulator'))),
    set(sequence(oid(OID.commonName), utf8String(commonName))),
  );

/** Key usage bits, first bit = digitalSignature (RFC 5280 §4.2.1.3), as a DER BIT STRING. */
function keyUsage(bits: readonly number[]): Buffer {
  let byte = 0;
  for (const b of bits) byte |= 0x80 >> b;
  let unused = 0;
  while (unused < 7 && (byte & (1 << unused)) === 0) unused++;
  return tlv(0x03, Buffer.from([unused, byte]));
}

function altName(name: string): Buffer {
  const family = isIP(name);
  if (family === 4) return tlv(0x87, Buffer.from(name.split('.').map(Number)));
  if (family === 6) return tlv(0x87, ipv6Bytes(name));
  return tlv(0x82, Buffer.from(name, 'ascii'));
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return out;
}

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  sequence(oid(id), ...(critical ? [booleanValue(true)] : []), octetString(value));

/** The key identifier of RFC 5280 §4.2.1.2 method 1: SHA-1 of the public key bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // The BIT STRING is the last element of SubjectPublicKeyInfo; hashing the whole SPKI is an
  // equally unique identifier and avoids parsing it.
  return createHash('sha1').update(spki).digest();
}

/** Issues one certificate. */
export function issueCertificate(request: CertificateRequest): IssuedCertificate {
  const signingKey = request.issuer?.privateKey ?? request.selfKey;
  if (!signingKey) throw new Error('issueCertificate: a self-signed certificate needs selfKey');
  const issuerPublic = request.issuer ? request.issuer.certificate.publicKey : request.publicKey;
  const ec = signingKey.asymmetricKeyType === 'ec';
  const algorithm = ec ? sequence(oid(OID.ecdsaSha256)) : sequence(oid(OID.rsaSha256), nullValue());
  const now = Date.now();
  const notBefore = new Date(Math.floor(now / 1000) * 1000 - 3_600_000);
  const notAfter = new Date(notBefore.getTime() + (request.days ?? 2) * 86_400_000 + 3_600_000);
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const rsaSubject = request.publicKey.asymmetricKeyType === 'rsa';
  const extensions: Buffer[] = [
    extension(OID.basicConstraints, true, request.role === 'ca' ? sequence(booleanValue(true)) : sequence()),
    extension(
      OID.keyUsage,
      true,
      request.role === 'ca' ? keyUsage([5, 6]) : keyUsage(rsaSubject ? [0, 2] : [0]),
    ),
    extension(OID.subjectKeyId, false, octetString(keyIdentifier(request.publicKey))),
    extension(OID.authorityKeyId, false, sequence(tlv(0x80, keyIdentifier(issuerPublic)))),
  ];
  if (request.role !== 'ca') {
    const usage = request.role === 'server' ? OID.serverAuth : OID.clientAuth;
    extensions.push(extension(OID.extKeyUsage, false, sequence(oid(usage))));
  }
  if (request.altNames && request.altNames.length > 0) {
    extensions.push(extension(OID.subjectAltName, false, sequence(...request.altNames.map(altName))));
  }
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    request.issuer ? issuerNameOf(request.issuer.certificate) : nameOf(request.commonName),
    sequence(time(notBefore), time(notAfter)),
    nameOf(request.commonName),
    request.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions)),
  );
  const signature = sign('sha256', tbs, signingKey);
  const der = sequence(tbs, algorithm, bitString(signature));
  const pem = `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { certificate: new X509Certificate(der), pem };
}

/** The issuer's own subject, re-encoded the way {@link issueCertificate} encodes names. */
function issuerNameOf(issuer: X509Certificate): Buffer {
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(issuer.subject)?.[1];
  if (cn === undefined) throw new Error('issueCertificate: the issuer certificate has no common name');
  return nameOf(cn);
}

/** A new key pair: EC P-256 (fast, for TLS) or RSA 2048 (for app certificates: MSAL signs PS256). */
export function newKeyPair(kind: 'ec' | 'rsa'): { publicKey: KeyObject; privateKey: KeyObject } {
  return kind === 'ec'
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** The emulator's TLS material for one run. */
export interface TestAuthority {
  /** The CA certificate clients must trust (public). */
  readonly caPem: string;
  /** The server certificate (for 127.0.0.1, ::1 and localhost) and its private key, PEM. */
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  /** Issues a client certificate under this CA (an app credential for tests). */
  issueClient(commonName: string): { certPem: string; keyPem: string };
}

/** Makes a CA and a loopback server certificate. The CA key exists only in this object. */
export function createTestAuthority(extraNames: readonly string[] = []): TestAuthority {
  const caKeys = newKeyPair('ec');
  const ca = issueCertificate({
    commonName: `mailtrail emulator test CA ${randomBytes(4).toString('hex')}`,
    role: 'ca',
    publicKey: caKeys.publicKey,
    selfKey: caKeys.privateKey,
  });
  const issuer = { certificate: ca.certificate, privateKey: caKeys.privateKey };
  const serverKeys = newKeyPair('ec');
  const server = issueCertificate({
    commonName: 'localhost',
    role: 'server',
    publicKey: serverKeys.publicKey,
    issuer,
    altNames: ['localhost', '127.0.0.1', '::1', ...extraNames],
  });
  return {
    caPem: ca.pem,
    serverCertPem: server.pem,
    serverKeyPem: serverKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    issueClient(commonName) {
      const keys = newKeyPair('rsa');
      const cert = issueCertificate({ commonName, role: 'client', publicKey: keys.publicKey, issuer });
      return {
        certPem: cert.pem,
        keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      };
    },
  };
}

/** A self-signed RSA client certificate, as `New-SelfSignedCertificate` or openssl would make. */
export function selfSignedClientCertificate(commonName: string): { certPem: string; keyPem: string } {
  const keys = newKeyPair('rsa');
  const cert = issueCertificate({
    commonName,
    role: 'client',
    publicKey: keys.publicKey,
    selfKey: keys.privateKey,
    days: 365,
  });
  return { certPem: cert.pem, keyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
