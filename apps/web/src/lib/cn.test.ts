import { describe, expect, it } from 'vitest';
import { cn } from './cn';

describe('cn', () => {
  it('joins the truthy classes in order', () => {
    expect(cn('a', false, 'b', null, undefined, '', 'c')).toBe('a b c');
  });

  it('drops repeated tokens and extra whitespace', () => {
    expect(cn('px-3  py-2', ' py-2 w-full ', 'px-3')).toBe('px-3 py-2 w-full');
  });

  it('is empty for nothing', () => {
    expect(cn()).toBe('');
    expect(cn(false, null)).toBe('');
  });
});
