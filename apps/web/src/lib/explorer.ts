/**
 * Where a chain transaction can be looked at: the Hiro explorer on testnet and mainnet (devnet
 * through its local API), nothing on the in-app simnet (LOCAL_CHAIN), which has no explorer.
 */
export type ExplorerTarget = { kind: 'hiro'; chain: 'mainnet' | 'testnet' | 'devnet' } | { kind: 'local' };

export function explorerTxUrl(txId: string, target: ExplorerTarget): string | null {
  if (target.kind === 'local') return null;
  const id = txId.startsWith('0x') ? txId : `0x${txId}`;
  const query =
    target.chain === 'devnet' ? 'chain=testnet&api=http://localhost:3999' : `chain=${target.chain}`;
  return `https://explorer.hiro.so/txid/${encodeURIComponent(id)}?${query}`;
}
