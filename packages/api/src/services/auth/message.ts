import type { Network } from '@bithedge/contracts';

/**
 * The Sign-In with Stacks message: a fixed, line-oriented text (modelled on EIP-4361) that the
 * wallet shows the user and signs. Every field the server relies on is in the signed text, so a
 * signature cannot be replayed on another domain, network, or after its expiry.
 */
export interface SignInMessage {
  domain: string;
  address: string;
  uri: string;
  network: Network;
  nonce: string;
  issuedAt: Date;
  expiresAt: Date;
}

const STATEMENT = 'Sign in to BitHedge. This does not send a transaction or cost a fee.';

export function formatSignInMessage(m: SignInMessage): string {
  return [
    `${m.domain} wants you to sign in with your Stacks account:`,
    m.address,
    '',
    STATEMENT,
    '',
    `URI: ${m.uri}`,
    `Network: ${m.network}`,
    `Nonce: ${m.nonce}`,
    `Issued At: ${m.issuedAt.toISOString()}`,
    `Expiration Time: ${m.expiresAt.toISOString()}`,
  ].join('\n');
}

const ISO = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z)';
const MESSAGE_PATTERN = new RegExp(
  [
    '^([^\\s/]+) wants you to sign in with your Stacks account:',
    '(S[0-9A-Z]{28,40})',
    '',
    escapeRegExp(STATEMENT),
    '',
    'URI: (\\S+)',
    'Network: (mainnet|testnet|devnet)',
    'Nonce: ([0-9a-f]{32})',
    `Issued At: ${ISO}`,
    `Expiration Time: ${ISO}$`,
  ].join('\\n'),
);

/** Parses exactly what `formatSignInMessage` writes; anything else is `null`. */
export function parseSignInMessage(text: string): SignInMessage | null {
  const match = MESSAGE_PATTERN.exec(text);
  if (!match) return null;
  const [, domain, address, uri, network, nonce, issuedAt, expiresAt] = match;
  if (!domain || !address || !uri || !network || !nonce || !issuedAt || !expiresAt) return null;
  const issued = new Date(issuedAt);
  const expires = new Date(expiresAt);
  if (Number.isNaN(issued.getTime()) || Number.isNaN(expires.getTime())) return null;
  return {
    domain,
    address,
    uri,
    network: network as Network,
    nonce,
    issuedAt: issued,
    expiresAt: expires,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
