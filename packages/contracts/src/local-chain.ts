import type { Token } from '@bithedge/db';
import type { Simnet } from '@stacks/clarinet-sdk';
import {
  AddressVersion,
  addressFromVersionHash,
  addressToString,
  Cl,
  type ClarityValue,
  cvToString,
  deserializeTransaction,
  PayloadType,
  type PostCondition,
  PostConditionMode,
  type PostConditionWire,
  wireToPostCondition,
} from '@stacks/transactions';
import type { ContractCall } from './calls';
import { postConditionViolations } from './post-conditions';
import { chainhookBlock, freshSimnet } from './simnet';

export interface SubmittedCall {
  txid: string;
  sender: string;
  /** The call's result, e.g. `(ok u5000000)`. */
  result: string;
  ok: boolean;
  /**
   * How the transfers the call made break its post-conditions (empty: they held). A node would
   * have aborted such a transaction; the simnet cannot undo a call, so it is reported instead.
   */
  postConditionViolations: string[];
  /** The block the call was mined in, as the Chainhook payload a real deployment receives. */
  block: ReturnType<typeof chainhookBlock>;
}

/**
 * The real contracts in the Clarinet simnet, run inside the app for development and end-to-end
 * tests. It takes transactions the dev wallet signed (the signature is checked), mines each into
 * its own block, and returns that block as a Chainhook payload for the same ingestion code a real
 * deployment uses. Burn blocks can be mined to reach policy expiries.
 */
export class LocalChain {
  readonly #simnet: Simnet;
  #height = 0;

  private constructor(simnet: Simnet) {
    this.#simnet = simnet;
  }

  static async start(manifestPath: string, quoteKey?: string): Promise<LocalChain> {
    const simnet = await freshSimnet(manifestPath);
    const deployer = simnet.getAccounts().get('deployer') as string;
    if (quoteKey) {
      simnet.callPublicFn('policy-registry', 'set-quote-key', [Cl.bufferFromHex(quoteKey)], deployer);
    }
    // The devnet wallets start with STX; give them mock sBTC too (10 sBTC each) to deposit.
    for (const [name, address] of simnet.getAccounts()) {
      if (name.startsWith('wallet_'))
        simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(1_000_000_000n), Cl.principal(address)], deployer);
    }
    return new LocalChain(simnet);
  }

  get burnBlockHeight(): number {
    return this.#simnet.burnBlockHeight;
  }

  /**
   * The chain's clock in unix seconds: the tip's `stacks-block-time`, which a quote's
   * `valid-until` is checked against. The simnet starts it near the wall clock but adds 10 s per
   * Stacks block and 600 s per burn block it mines, so it runs ahead of `Date.now()`: quotes for
   * this chain are timed by it (the ChainClock's `unixTime`), never by the server's clock.
   */
  get blockTime(): number {
    return Number(this.#simnet.getBlockTime());
  }

  /** Runs a signed contract-call transaction (hex) and returns its block. */
  submit(transactionHex: string): SubmittedCall {
    const tx = deserializeTransaction(transactionHex.replace(/^0x/, ''));
    if (tx.payload.payloadType !== PayloadType.ContractCall)
      throw new RangeError('The local chain takes contract calls only');
    // Throws when the signature does not match the origin.
    tx.verifyOrigin();
    const condition = tx.auth.spendingCondition;
    const sender = addressToString(addressFromVersionHash(AddressVersion.TestnetSingleSig, condition.signer));
    const { contractAddress, contractName, functionName, functionArgs } = tx.payload;
    const contract = `${addressToString(contractAddress)}.${contractName.content}`;
    const mode = tx.postConditionMode === PostConditionMode.Deny ? 'deny' : 'allow';
    const postConditions = tx.postConditions.values.map((pc) => wireToPostCondition(pc as PostConditionWire));
    return this.#run(contract, functionName.content, functionArgs as ClarityValue[], sender, {
      postConditions,
      mode,
    });
  }

  /**
   * Runs a call as the given sender without a signed transaction: the operator's calls, whose key
   * the server holds. Users' calls go through `submit`, signature checked.
   */
  runAs(call: ContractCall, sender: string): SubmittedCall {
    return this.#run(call.contract, call.functionName, call.functionArgs, sender, {
      postConditions: call.postConditions,
      mode: call.postConditionMode,
    });
  }

  #run(
    contract: string,
    functionName: string,
    args: ClarityValue[],
    sender: string,
    conditions: { postConditions: PostCondition[]; mode: 'deny' | 'allow' },
  ): SubmittedCall {
    const call = this.#simnet.callPublicFn(contract, functionName, args, sender);
    const block = chainhookBlock(++this.#height, [call], 'local');
    const txid = block.transactions[0]?.transaction_identifier.hash ?? '';
    const ok = call.result.type === 'ok';
    return {
      txid,
      sender,
      result: cvToString(call.result),
      ok,
      // A failed call moves nothing, so only a successful one can break its conditions.
      postConditionViolations: ok
        ? postConditionViolations(conditions.postConditions, conditions.mode, call.events)
        : [],
      block,
    };
  }

  /** A read-only function's result. */
  readOnly(contract: string, functionName: string, args: ClarityValue[]): ClarityValue {
    const deployer = this.#simnet.getAccounts().get('deployer') as string;
    return this.#simnet.callReadOnlyFn(contract, functionName, args, deployer).result;
  }

  /** Gives a principal STX (micro-STX) and mock sBTC (sats) out of thin air: development only. */
  fund(principal: string, amounts: { microStx?: bigint; sats?: bigint }): void {
    if (amounts.microStx) this.#simnet.mintSTX(principal, amounts.microStx);
    if (amounts.sats) {
      const deployer = this.#simnet.getAccounts().get('deployer') as string;
      this.#simnet.callPublicFn(
        'mock-sbtc',
        'mint',
        [Cl.uint(amounts.sats), Cl.principal(principal)],
        deployer,
      );
    }
  }

  /** Mines empty Bitcoin blocks (144 a day), e.g. to pass a policy's expiration height. */
  mineBurnBlocks(count: number): number {
    if (!Number.isInteger(count) || count < 1 || count > 100_000)
      throw new RangeError(`count must be a whole number from 1 to 100000 (got ${count})`);
    this.#simnet.mineEmptyBurnBlocks(count);
    return this.#simnet.burnBlockHeight;
  }

  /** A principal's mock-sBTC balance in sats (e.g. a buyer paid an sBTC settlement, or the vault). */
  sbtcBalance(principal: string): bigint {
    const result = this.readOnly('mock-sbtc', 'get-balance', [Cl.principal(principal)]);
    if (result.type !== 'ok' || result.value.type !== 'uint') throw new Error('mock-sbtc get-balance failed');
    return BigInt(result.value.value);
  }

  /** The vault's own totals for a token. */
  vaultTotals(token: Token): ClarityValue {
    const deployer = this.#simnet.getAccounts().get('deployer') as string;
    return this.#simnet.callReadOnlyFn(
      'liquidity-pool-vault',
      'get-totals',
      [Cl.stringAscii(token)],
      deployer,
    ).result;
  }
}
