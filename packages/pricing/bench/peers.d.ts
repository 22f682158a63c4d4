// option-pricing ships JavaScript without types; the benchmark uses this much of it.
declare module 'option-pricing' {
  export class Option {
    constructor(args: {
      style: 'european' | 'american';
      type: 'call' | 'put';
      initialSpotPrice: number;
      strikePrice: number;
      timeToMaturity: number;
      volatility: number;
      riskFreeRate: number;
      dividendYield: number;
    });
    price(method: 'bs' | 'bt' | 'mcs'): number;
  }
}
