import { describe, expect, it } from 'vitest';
import { formatTable, overBudget, scriptSources } from './bundle-weight.mjs';

describe('scriptSources', () => {
  it('lists each external script once, in order, leaving out inline and nomodule scripts', () => {
    const html = [
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<script src="/_next/static/chunks/polyfills.js" noModule=""></script>',
      '<script>self.__next_f.push([1,"x"])</script>',
      '<script id="_R_">inline</script>',
      '<SCRIPT async SRC="/_next/static/chunks/b.js"></SCRIPT>',
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<link rel="preload" as="script" href="/_next/static/chunks/c.js"/>',
    ].join('');
    expect(scriptSources(html)).toEqual(['/_next/static/chunks/a.js', '/_next/static/chunks/b.js']);
  });
});

describe('budgets', () => {
  const rows = [
    { page: '/', scripts: 10, kB: 150, budget: 150 },
    { page: '/protect', scripts: 11, kB: 250.5, budget: 250 },
    { page: '/pool', scripts: 10, kB: 999, budget: undefined },
  ];

  it('fails only a page over its own budget (the budget itself passes; pages without one never fail)', () => {
    expect(overBudget(rows).map((row) => row.page)).toEqual(['/protect']);
  });

  it('prints one table row per page with its verdict', () => {
    expect(formatTable(rows).split('\n').slice(2)).toEqual([
      '| / | 10 | 150.0 | 150 | pass |',
      '| /protect | 11 | 250.5 | 250 | FAIL |',
      '| /pool | 10 | 999.0 | – | – |',
    ]);
  });
});
