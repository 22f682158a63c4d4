import { type ClarityValue, deserializeCV } from '@stacks/transactions';

/** A Clarity value as plain data: integers as bigint, buffers as hex, tuples as objects. */
export type PlainValue = bigint | boolean | string | null | PlainValue[] | { [key: string]: PlainValue };

/** Converts a Clarity value to plain data (responses unwrap to their inner value). */
export function toPlain(cv: ClarityValue): PlainValue {
  switch (cv.type) {
    case 'int':
    case 'uint':
      return BigInt(cv.value);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'buffer':
      return cv.value;
    case 'address':
    case 'contract':
    case 'ascii':
    case 'utf8':
      return cv.value;
    case 'none':
      return null;
    case 'some':
    case 'ok':
    case 'err':
      return toPlain(cv.value);
    case 'list':
      return cv.value.map(toPlain);
    case 'tuple':
      return Object.fromEntries(Object.entries(cv.value).map(([k, v]) => [k, toPlain(v)]));
    default:
      throw new TypeError(`Unknown Clarity type ${(cv as { type: string }).type}`);
  }
}

/** A serialized Clarity value (`0x…` hex, as in a print event's `raw_value`) as plain data. */
export function plainFromHex(hex: string): PlainValue {
  return toPlain(deserializeCV(hex.replace(/^0x/, '')));
}
