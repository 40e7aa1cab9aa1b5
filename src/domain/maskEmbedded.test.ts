// Numbers inside free text (a project's content on a public notice) go through the one masker.
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from './idNumber.js';
import { HIDDEN, maskEmbedded, maskFor } from './mask.js';

describe('maskEmbedded', () => {
  const id = makeIdNumber('620521', '1980-05-06', 7);
  const text = `联系人王某 13812345678，身份证 ${id}，账号 6228480000000001277，办公 0931-8123456，建设 3000 米管道`;

  it('a public notice keeps none of the numbers and all of the words', () => {
    const out = maskEmbedded(text, maskFor('public-notice'));
    expect(out).not.toMatch(/1[3-9]\d{9}/);
    expect(out).not.toContain(id);
    expect(out).not.toContain('6228480000000001277');
    expect(out).not.toContain('8123456');
    expect(out).toContain(`联系人王某 ${HIDDEN}`);
    expect(out).toContain('建设 3000 米管道');
  });

  it('the office sees the text as typed; internal copies keep the conventional ends', () => {
    expect(maskEmbedded(text, maskFor('office'))).toBe(text);
    const internal = maskEmbedded(text, maskFor('internal'));
    expect(internal).toContain('138****5678');
    expect(internal).not.toContain(id);
  });

  it('full-width digits are caught too, and masking twice changes nothing more', () => {
    const wide = '电话１３８１２３４５６７８';
    const once = maskEmbedded(wide, maskFor('public-notice'));
    expect(once).toBe(`电话${HIDDEN}`);
    expect(maskEmbedded(once, maskFor('public-notice'))).toBe(once);
  });
});
