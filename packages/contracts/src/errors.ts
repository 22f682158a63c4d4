/** The `(err uN)` codes of the contracts, so callers can say what went wrong. */
export const VAULT_ERRORS = {
  UNAUTHORIZED: 100,
  INVALID_AMOUNT: 101,
  INVALID_TIER: 102,
  INVALID_TOKEN: 103,
  EXCEEDS_ALLOWANCE: 104,
  INSUFFICIENT_BALANCE: 105,
  INSUFFICIENT_LIQUIDITY: 106,
  NO_COLLATERAL: 107,
  EXCEEDS_COLLATERAL: 108,
  ALREADY_LOCKED: 109,
  EXCEEDS_PREMIUMS: 110,
  ALLOWANCE_CHANGED: 111,
  ALREADY_CREDITED: 112,
  ALREADY_SET: 113,
  NO_SBTC_TOKEN: 114,
  /** The deposit would take its tier's capital (per token) above the owner-set cap. */
  TIER_CAPACITY: 115,
} as const;

export const REGISTRY_ERRORS = {
  UNAUTHORIZED: 200,
  BAD_SIGNATURE: 201,
  QUOTE_EXPIRED: 202,
  QUOTE_USED: 203,
  WRONG_BUYER: 204,
  INVALID_TERMS: 205,
  NO_POLICY: 206,
  NOT_ACTIVE: 207,
  NOT_EXPIRED: 208,
  NO_QUOTE_KEY: 209,
  EXCEEDS_PROTECTED: 210,
  /** The terms' collateral token is neither STX nor SBTC, or a PUT names SBTC (PUTs are STX-backed). */
  INVALID_COLLATERAL: 211,
} as const;
