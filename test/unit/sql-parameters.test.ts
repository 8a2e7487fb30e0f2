// The PostgreSQL side numbers better-sqlite3's parameters itself: `?` in order, `@name` once per
// name, nothing inside quotes or comments.
import { describe, expect, it } from 'vitest';
import { namedParams, numberParameters } from '../../controller/store/sql.ts';

describe('numberParameters', () => {
  it('numbers ? in order', () => {
    expect(numberParameters('UPDATE t SET a = ?, b = ? WHERE id = ?')).toEqual({ text: 'UPDATE t SET a = $1, b = $2 WHERE id = $3', names: null, positional: 3 });
  });

  it('gives each @name one number, however often it is used', () => {
    expect(numberParameters('SET v = @v, at = @now WHERE x IS DISTINCT FROM @v AND b = @b_2')).toEqual({ text: 'SET v = $1, at = $2 WHERE x IS DISTINCT FROM $1 AND b = $3', names: ['v', 'now', 'b_2'], positional: 0 });
  });

  it('leaves ? and @ alone inside strings, quoted names and comments', () => {
    const sql = `SELECT '?' AS "what?", 'a@b.vn', 'it''s ?' -- why? @nobody\n FROM t WHERE id = ?`;
    expect(numberParameters(sql)).toEqual({ text: `SELECT '?' AS "what?", 'a@b.vn', 'it''s ?' -- why? @nobody\n FROM t WHERE id = $1`, names: null, positional: 1 });
  });

  it('refuses a statement mixing the two kinds', () => {
    expect(() => numberParameters('WHERE a = ? AND b = @b')).toThrow(/mixes/);
  });
});

describe('namedParams', () => {
  it('takes one plain object as named parameters, and nothing else', () => {
    expect(namedParams([{ a: 1 }])).toEqual({ a: 1 });
    expect(namedParams([Buffer.from('x')])).toBeNull();
    expect(namedParams([null])).toBeNull();
    expect(namedParams(['a', 'b'])).toBeNull();
  });
});
