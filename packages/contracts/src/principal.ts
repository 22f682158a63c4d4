import { validateStacksAddress } from '@stacks/transactions';

/**
 * Whether a string is a Stacks principal: a c32check address (checksum verified; any length a
 * real address has, e.g. the 29-character boot address `ST000000000000000000002AMW42H`),
 * optionally followed by `.contract-name`.
 */
export function isPrincipal(value: string): boolean {
  const [address = '', name, ...rest] = value.split('.');
  if (rest.length > 0 || !/^S[PMTN]/.test(address) || !validateStacksAddress(address)) return false;
  return name === undefined || /^[a-zA-Z][a-zA-Z0-9_!?+<>=/*-]{0,39}$/.test(name);
}
