import { describe, expect, it } from 'vitest';
import { MAX_TAGS, parseTags } from './quote-tags';

describe('parseTags', () => {
  it('trims, drops empty tags and keeps the first of repeats that differ only in case', () => {
    expect(parseTags(' hedge, ,Q1 ,hedge,HEDGE,  long term ')).toEqual({
      tags: ['hedge', 'Q1', 'long term'],
      error: null,
    });
    expect(parseTags('')).toEqual({ tags: [], error: null });
  });

  it('refuses a tag over 24 characters and more than 10 tags, saying which limit', () => {
    expect(parseTags(`ok, ${'x'.repeat(25)}`)).toEqual({
      tags: null,
      error: '“xxxxxxxxxxxx…” is longer than 24 characters',
    });
    expect(parseTags('x'.repeat(24)).tags).toEqual(['x'.repeat(24)]);
    const eleven = Array.from({ length: MAX_TAGS + 1 }, (_, i) => `t${i}`).join(',');
    expect(parseTags(eleven)).toEqual({ tags: null, error: 'At most 10 tags' });
  });
});
