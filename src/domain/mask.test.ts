import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HIDDEN, MASK_PURPOSES, maskBankAccount, maskFor, maskId, masker, maskPhone } from './mask.js';
import type { MaskLevel, MaskPurpose } from './mask.js';
import { normalizeIdText } from './idNumber.js';

const LEVELS: MaskLevel[] = ['full', 'partial', 'hidden'];

/** ID-like text: digits, X/x, spaces and full-width digits, the way registers hold them. */
const idLike = fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', 'x', ' ', '１', '９', '\u3000'), maxLength: 22 });
const anyText = fc.string({ unit: 'grapheme', maxLength: 30 });
const phoneLike = fc.string({ unit: fc.constantFrom('0', '1', '3', '5', '8', '9', '-', ' ', '/', '+', '（', '）', '、', '手', '机'), maxLength: 30 });
const accountLike = fc.string({ unit: fc.constantFrom('0', '1', '2', '6', '9', ' ', '-', '６', 'A'), maxLength: 25 });

function unmasked(s: string): string[] {
  return [...s].filter((c) => c !== '*');
}

describe('maskFor', () => {
  it('office shows everything, public-notice hides everything, internal masks partially', () => {
    expect(maskFor('office')).toEqual({ idNumber: 'full', phone: 'full', bankAccount: 'full', healthDetails: 'show' });
    expect(maskFor('public-notice')).toEqual({ idNumber: 'hidden', phone: 'hidden', bankAccount: 'hidden', healthDetails: 'hide' });
    expect(maskFor('internal')).toEqual({ idNumber: 'partial', phone: 'partial', bankAccount: 'partial', healthDetails: 'show' });
  });

  it('returns a copy: changing it does not change the preset', () => {
    const o = maskFor('public-notice');
    o.idNumber = 'full';
    expect(maskFor('public-notice').idNumber).toBe('hidden');
  });

  it('rejects an unknown purpose in Chinese', () => {
    expect(() => maskFor('everyone' as MaskPurpose)).toThrow(/未知的脱敏用途/);
  });

  it('a public notice shows no digit of any ID, phone or account', () => {
    const m = masker(maskFor('public-notice'));
    for (const v of [m.idNumber('620521198203150317'), m.phone('13812345678'), m.bankAccount('6228480012345678901')]) {
      expect(v).toBe(HIDDEN);
    }
    expect(m.healthText('孙丽患慢性病', '（不公开）')).toBe('（不公开）');
  });

  it('masker defaults to partial masking', () => {
    expect(masker().idNumber('620521198203150317')).toBe('6205**********0317');
  });
});

describe('ID numbers', () => {
  it('partial keeps the first 4 and last 4 of an 18-character number', () => {
    expect(maskId('62052119690707041x', 'partial')).toBe('6205**********041X');
    expect(maskId(' 620521 1982 0315 0317 ', 'partial')).toBe('6205**********0317');
  });

  it('full gives the normalised number; hidden gives the fixed mask', () => {
    expect(maskId('６２０５２１198203150317', 'full')).toBe('620521198203150317');
    expect(maskId('620521198203150317', 'hidden')).toBe(HIDDEN);
  });

  it('is null-safe: nothing in, nothing out, at every level', () => {
    for (const level of LEVELS) {
      expect(maskId(null, level)).toBe('');
      expect(maskId(undefined, level)).toBe('');
      expect(maskId('   ', level)).toBe('');
    }
  });

  it('partial never reveals more than the first 4 and last 4 normalised characters', () => {
    fc.assert(
      fc.property(fc.oneof(idLike, anyText), (raw) => {
        const out = maskId(raw, 'partial');
        const norm = [...normalizeIdText(raw)];
        if (raw.trim() === '') return out === '';
        const outChars = [...out];
        expect(outChars.length).toBe(norm.length);
        outChars.forEach((c, i) => {
          if (c !== '*') {
            expect(i < 4 || i >= norm.length - 4).toBe(true);
            expect(c).toBe(norm[i]);
          }
        });
        expect(unmasked(out).length).toBeLessThanOrEqual(8);
        if (norm.length < 15) expect(unmasked(out)).toEqual([]);
        return true;
      }),
    );
  });

  it('is idempotent on already masked text, at every level', () => {
    fc.assert(
      fc.property(fc.oneof(idLike, anyText), fc.constantFrom(...LEVELS), (raw, level) => {
        const once = maskId(raw, level);
        expect(maskId(once, level)).toBe(once);
      }),
    );
  });
});

describe('phone numbers', () => {
  it('partial keeps 3 + 4 digits of a mobile, 4 of a short landline, and drops words', () => {
    expect(maskPhone('13812345678', 'partial')).toBe('138****5678');
    expect(maskPhone('138 1234 5678（本人）', 'partial')).toBe('138****5678');
    expect(maskPhone('8123456', 'partial')).toBe('***3456');
    expect(maskPhone('0931-8123456', 'partial')).toBe('093****3456');
    expect(maskPhone('123', 'partial')).toBe('***');
  });

  it('masks each of several numbers on its own', () => {
    expect(maskPhone('13812345678/13987654321', 'partial')).toBe('138****5678/139****4321');
    expect(maskPhone('13812345678、8123456', 'partial')).toBe('138****5678/***3456');
  });

  it('is null-safe', () => {
    for (const level of LEVELS) {
      expect(maskPhone(null, level)).toBe('');
      expect(maskPhone(undefined, level)).toBe('');
      expect(maskPhone('', level)).toBe('');
    }
  });

  it('partial reveals at most 7 digits per number, all of them digits of the input', () => {
    fc.assert(
      fc.property(phoneLike, (raw) => {
        const out = maskPhone(raw, 'partial');
        const inputDigits = new Set([...raw.replace(/[０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))].filter((c) => /\d/u.test(c)));
        for (const part of out.split('/')) {
          expect(unmasked(part).length).toBeLessThanOrEqual(7);
          for (const c of unmasked(part)) expect(inputDigits.has(c)).toBe(true);
        }
      }),
    );
  });

  it('is idempotent on already masked text', () => {
    fc.assert(
      fc.property(fc.oneof(phoneLike, anyText), fc.constantFrom(...LEVELS), (raw, level) => {
        const once = maskPhone(raw, level);
        expect(maskPhone(once, level)).toBe(once);
      }),
    );
  });
});

describe('bank accounts', () => {
  it('partial keeps the last 4 (尾号)', () => {
    expect(maskBankAccount('6228 4800 1234 5678 901', 'partial')).toBe('***************8901');
    expect(maskBankAccount('1234567', 'partial')).toBe('*******');
  });

  it('is null-safe', () => {
    for (const level of LEVELS) expect(maskBankAccount(null, level)).toBe('');
  });

  it('partial reveals at most the last 4 characters', () => {
    fc.assert(
      fc.property(fc.oneof(accountLike, anyText), (raw) => {
        const out = maskBankAccount(raw, 'partial');
        const shown = unmasked(out);
        expect(shown.length).toBeLessThanOrEqual(4);
        expect(out.endsWith(shown.join(''))).toBe(true);
      }),
    );
  });

  it('is idempotent on already masked text', () => {
    fc.assert(
      fc.property(fc.oneof(accountLike, anyText), fc.constantFrom(...LEVELS), (raw, level) => {
        const once = maskBankAccount(raw, level);
        expect(maskBankAccount(once, level)).toBe(once);
      }),
    );
  });
});

describe('every purpose', () => {
  it('never shows more of an ID number than the internal (partial) mask', () => {
    const id = '620521198203150317';
    for (const p of MASK_PURPOSES.filter((x) => x !== 'office')) {
      expect(masker(maskFor(p)).idNumber(id)).not.toContain('19820315');
    }
  });
});
