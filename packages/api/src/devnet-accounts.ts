/**
 * Clarinet's well-known devnet accounts (the mnemonics in every new Clarinet project's
 * settings/Devnet.toml). Public test keys: they hold nothing on any real network and are used
 * only by the dev wallet, the local chain and tests. Never configure them on mainnet.
 */
export interface DevnetAccount {
  name: string;
  address: string;
  publicKey: string;
  privateKey: string;
}

export const DEVNET_ACCOUNTS = [
  {
    name: 'deployer',
    address: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM',
    publicKey: '0390a5cac7c33fda49f70bc1b0866fa0ba7a9440d9de647fecb8132ceb76a94dfa',
    privateKey: '753b7cc01a1a2e86221266a154af739463fce51219d97e4f856cd7200c3bd2a601',
  },
  {
    name: 'wallet_1',
    address: 'ST1SJ3DTE5DN7X54YDH5D64R3BCB6A2AG2ZQ8YPD5',
    publicKey: '03cd2cfdbd2ad9332828a7a13ef62cb999e063421c708e863a7ffed71fb61c88c9',
    privateKey: '7287ba251d44a4d3fd9276c88ce34c5c52a038955511cccaf77e61068649c17801',
  },
  {
    name: 'wallet_2',
    address: 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG',
    publicKey: '021843d01fa0bb9a3495fd2caf92505a81055dbe1fd545880fd40c3a1c7fd9c40a',
    privateKey: '530d9f61984c888536871c6573073bdfc0058896dc1adfe9a6a10dfacadc209101',
  },
  {
    name: 'wallet_3',
    address: 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC',
    publicKey: '02c4b5eacb71a27be633ed970dcbc41c00440364bc04ba38ae4683ac24e708bf33',
    privateKey: 'd655b2523bcd65e34889725c73064feb17ceb796831c0e111ba1a552b0f31b3901',
  },
] as const satisfies readonly DevnetAccount[];

export type DevnetAccountName = (typeof DEVNET_ACCOUNTS)[number]['name'];

export function devnetAccount(name: DevnetAccountName): DevnetAccount {
  const account = DEVNET_ACCOUNTS.find((a) => a.name === name);
  if (!account) throw new Error(`No devnet account ${name}`);
  return account;
}
