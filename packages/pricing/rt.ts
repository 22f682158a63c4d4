import { blackScholesGreeks, blackScholesPrice, impliedVolatility } from './src/index.ts';
let worst = 0; let worstIn: unknown = null; let fails = 0;
for (let i = 0; i < 300000; i++) {
  const type = Math.random() < 0.5 ? 'call' : 'put';
  const input = { type: type as 'call' | 'put', spot: 100, strike: 100 * (0.5 + 1.5 * Math.random()), timeYears: 1 / 365 + Math.random() * 10, volatility: 0.01 + Math.random() * 4.99, rate: Math.random() * 0.1 };
  const price = blackScholesPrice(input);
  if (!(price > 1e-20)) continue;
  const { vega } = blackScholesGreeks(input);
  const identifiable = (64 * Number.EPSILON * price) / (vega * input.volatility);
  if (!(identifiable < 1e-6)) continue;
  let v: number;
  try { v = impliedVolatility({ ...input, price }); } catch { continue; }
  const err = Math.abs(v / input.volatility - 1);
  const tol = Math.max(1e-12, 4 * identifiable);
  if (err > tol) { fails++; if (err / tol > worst) { worst = err / tol; worstIn = { ...input, err, tol }; } }
}
console.log('fails', fails, 'worst ratio', worst, worstIn);
