import { describe, expect, it } from 'vitest';
import { RANGE_SHARD_STARTS, rangeShard } from '../../shared/platform/paged-query';

describe('range shards', () => {
  it('put a value in the shard whose range holds its first character', () => {
    expect(rangeShard('adams')).toBe('0');
    expect(rangeShard('0numeric')).toBe('0');
    expect(rangeShard('clark')).toBe('1');
    expect(rangeShard('smith')).toBe('6');
    expect(rangeShard('zhang')).toBe('7');
    expect(rangeShard('иванов')).toBe(String(RANGE_SHARD_STARTS.length - 1));
  });

  it('keep every value with a prefix in the prefix shard, so a prefix search reads one shard', () => {
    for (const [prefix, value] of [['b', 'baker'], ['ca', 'carter'], ['s', 'szabo'], ['t', 'taylor']]) {
      expect(rangeShard(value!)).toBe(rangeShard(prefix!));
    }
  });

  it('order shards like their values, so reading shards in turn keeps the name order', () => {
    const names = ['adams', 'baker', 'clark', 'evans', 'fisher', 'jones', 'miller', 'novak', 'petrov', 'smith', 'taylor', 'young'];
    const shards = names.map((n) => Number(rangeShard(n)));
    expect([...shards].sort((a, b) => a - b)).toEqual(shards);
  });
});
