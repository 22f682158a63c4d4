/**
 * Domain error codes. Services throw `AppError`; the tRPC layer maps each code to a transport
 * code, so a refusal in the domain never surfaces as a 500.
 */
export const APP_ERROR_CODES = {
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INSUFFICIENT_FUNDS: 'PRECONDITION_FAILED',
  CAPACITY_EXCEEDED: 'PRECONDITION_FAILED',
  STALE_MARKET_DATA: 'PRECONDITION_FAILED',
  /** A withdrawal would leave (or finds) the provider's collateral ratio below its warning threshold. */
  HEALTH_BELOW_THRESHOLD: 'PRECONDITION_FAILED',
  QUOTE_EXPIRED: 'PRECONDITION_FAILED',
  INVALID_STATE: 'CONFLICT',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;
export type TransportCode = (typeof APP_ERROR_CODES)[AppErrorCode];

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }

  get transportCode(): TransportCode {
    return APP_ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
