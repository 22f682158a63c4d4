import type { Token } from '@bithedge/db';
import { TOKEN_META } from '@/lib/format';

/** The fields of a history row the CSV needs (the procedure's output, structurally). */
export interface CsvTransaction {
  id: bigint;
  at: Date;
  type: string;
  kind: string;
  description: string;
  status: string;
  token: Token;
  amount: bigint;
  capitalChange: bigint;
  premiumIncomeChange: bigint;
  policy: { id: number; onchainId: string | null } | null;
  chainTxId: string | null;
}

export const CSV_HEADER = [
  'id',
  'time_utc',
  'kind',
  'type',
  'description',
  'status',
  'token',
  'amount_base_units',
  'capital_change_base_units',
  'premium_income_change_base_units',
  'unit',
  'policy_id',
  'policy_onchain_id',
  'chain_tx_id',
] as const;

/**
 * RFC 4180 quoting; text starting with =, +, −, @ is prefixed with ' so a spreadsheet never runs
 * it as a formula (an integer such as -500 stays a number).
 */
export function csvCell(value: string): string {
  const safe = /^-?\d+$/.test(value) || !/^[=+\-@\t\r]/.test(value) ? value : `'${value}`;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Amounts stay exact integers in base units (the unit column says which): no float, no rounding. */
export function transactionsCsv(rows: readonly CsvTransaction[]): string {
  const lines = rows.map((t) =>
    [
      t.id.toString(),
      t.at.toISOString(),
      t.kind,
      t.type,
      t.description,
      t.status,
      t.token,
      t.amount.toString(),
      t.capitalChange.toString(),
      t.premiumIncomeChange.toString(),
      TOKEN_META[t.token].unit,
      t.policy ? String(t.policy.id) : '',
      t.policy?.onchainId ?? '',
      t.chainTxId ?? '',
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}
