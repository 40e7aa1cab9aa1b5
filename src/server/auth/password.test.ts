import { describe, expect, it } from 'vitest';
import { hashPassword, parseHash, passwordProblem, SCRYPT, verifyPassword } from './password.js';

describe('password hashing (scrypt)', () => {
  it('stores scrypt$N$r$p$salt$hash with the planned cost and verifies only the right password', async () => {
    const stored = await hashPassword('县扶贫办-2018-秋季');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    const parsed = parseHash(stored);
    expect(parsed).toMatchObject({ N: SCRYPT.N, r: 8, p: 1 });
    expect(parsed?.salt).toHaveLength(16);
    expect(parsed?.key).toHaveLength(32);
    expect(await verifyPassword('县扶贫办-2018-秋季', stored)).toBe(true);
    expect(await verifyPassword('县扶贫办-2018-秋', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so the same password never gives the same string', async () => {
    const [a, b] = await Promise.all([hashPassword('same-password-1'), hashPassword('same-password-1')]);
    expect(a).not.toBe(b);
  });

  it('rejects malformed or tampered hashes instead of running them', async () => {
    const stored = await hashPassword('another-password');
    const parts = stored.split('$');
    expect(await verifyPassword('another-password', stored.replace('scrypt$', 'bcrypt$'))).toBe(false);
    // A cost of 2^30 would allocate 128 GiB: refused before scrypt runs.
    expect(await verifyPassword('another-password', ['scrypt', String(2 ** 30), ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('another-password', ['scrypt', '1000', ...parts.slice(2)].join('$'))).toBe(false);
    expect(await verifyPassword('another-password', 'plain-text-password')).toBe(false);
  });
});

describe('password rules', () => {
  it.each([
    ['short', '密码至少需要 10 个字符'],
    ['1234567890123', '密码不能全部是数字'],
    ['aaaaaaaaaaaa', '密码不能是同一个字符的重复'],
    ['x'.repeat(201), '密码不能超过 200 个字符'],
  ])('refuses %j', (pw, why) => {
    expect(passwordProblem(pw)).toBe(why);
  });

  it('accepts ten characters of mixed kinds, Chinese included', () => {
    expect(passwordProblem('tuopin2018!')).toBeNull();
    expect(passwordProblem('扶贫攻坚二零一八年秋季')).toBeNull();
  });
});
