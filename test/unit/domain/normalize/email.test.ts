import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailDomain, emailMatchKey, normalizeEmail } from '#domain/normalize/email';

/** Upper-cases the characters of `text` where `mask` says so: the same address in another case. */
function recase(text: string, mask: readonly boolean[]): string {
  return [...text].map((ch, i) => (mask[i % Math.max(1, mask.length)] ? ch.toUpperCase() : ch)).join('');
}

const local = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,11}$/);
const tag = fc.stringMatching(/^[a-z0-9._-]{0,8}$/);
const mask = fc.array(fc.boolean(), { minLength: 1, maxLength: 24 });
const padding = fc.constantFrom('', ' ', '  ', '\t', '\n ', '\u00a0');
/** Domains that are not Gmail's: dots in the local part matter there. */
const otherDomain = fc.domain().filter((d) => !['gmail.com', 'googlemail.com'].includes(d.toLowerCase()));

describe('normalizeEmail', () => {
  it('trims and lowercases an address', () => {
    expect(normalizeEmail('  Jane.Doe@ACME.com \n')).toBe('jane.doe@acme.com');
  });

  it('strips mailto:, angle brackets and a display name', () => {
    expect(normalizeEmail('mailto:jane@acme.com')).toBe('jane@acme.com');
    expect(normalizeEmail('MAILTO:Jane@Acme.com')).toBe('jane@acme.com');
    expect(normalizeEmail('<jane@acme.com>')).toBe('jane@acme.com');
    expect(normalizeEmail('Jane Doe <Jane@Acme.com>')).toBe('jane@acme.com');
    expect(normalizeEmail('<mailto:jane@acme.com>')).toBe('jane@acme.com');
  });

  it('keeps +tags and dots: they are part of the address, only the match key drops them', () => {
    expect(normalizeEmail('Jane.Doe+crm@gmail.com')).toBe('jane.doe+crm@gmail.com');
  });

  it.each([
    ['no @', 'jane.acme.com'],
    ['two @', 'jane@doe@acme.com'],
    ['an empty local part', '@acme.com'],
    ['a domain without a dot', 'jane@localhost'],
    ['an empty domain label', 'jane@acme..com'],
    ['a domain starting with a dot', 'jane@.acme.com'],
    ['a domain ending with a dot', 'jane@acme.com.'],
    ['whitespace inside', 'jane doe@acme.com'],
    ['a comma-separated list', 'a@acme.com, b@acme.com'],
    ['a placeholder', 'n/a'],
    ['an empty string', ''],
  ])('rejects text with %s', (_, raw) => {
    expect(normalizeEmail(raw)).toBeUndefined();
  });

  it('rejects null and undefined', () => {
    expect(normalizeEmail(null)).toBeUndefined();
    expect(normalizeEmail(undefined)).toBeUndefined();
  });

  it('accepts every RFC 5322 dot-atom address, lowercased', () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        expect(normalizeEmail(address)).toBe(address.toLowerCase());
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.emailAddress().map((a) => ` <${a.toUpperCase()}> `), fc.string({ unit: 'binary' }));
    fc.assert(
      fc.property(text, (raw) => {
        const once = normalizeEmail(raw);
        expect(normalizeEmail(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('emailDomain', () => {
  it('returns the lowercase domain of an address', () => {
    expect(emailDomain(' Jane@ACME.co.uk ')).toBe('acme.co.uk');
  });

  it('rejects text that is not an address', () => {
    expect(emailDomain('acme.com')).toBeUndefined();
    expect(emailDomain(null)).toBeUndefined();
  });
});

describe('emailMatchKey', () => {
  it('removes a +tag on any domain', () => {
    expect(emailMatchKey('jane+newsletter@acme.com')).toBe('jane@acme.com');
    expect(emailMatchKey('jane+a+b@outlook.com')).toBe('jane@outlook.com');
  });

  it('removes dots in the local part for gmail.com and maps googlemail.com to gmail.com', () => {
    expect(emailMatchKey('Jane.Doe@gmail.com')).toBe('janedoe@gmail.com');
    expect(emailMatchKey(' Jane.Doe+crm@GoogleMail.com ')).toBe('janedoe@gmail.com');
  });

  it('keeps dots on other domains, where they may tell two people apart', () => {
    expect(emailMatchKey('jane.doe@outlook.com')).toBe('jane.doe@outlook.com');
    expect(emailMatchKey('jane.doe@acme.com')).not.toBe(emailMatchKey('janedoe@acme.com'));
  });

  it('keeps a local part that starts with +, as there would be nothing left', () => {
    expect(emailMatchKey('+jane@acme.com')).toBe('+jane@acme.com');
  });

  it('rejects text that is not an address', () => {
    expect(emailMatchKey('jane at acme dot com')).toBeUndefined();
    expect(emailMatchKey(undefined)).toBeUndefined();
  });

  it('is invariant under case, surrounding whitespace and +tags', () => {
    fc.assert(
      fc.property(local, otherDomain, tag, mask, padding, padding, (name, domain, t, m, before, after) => {
        const variant = `${before}${recase(`${name}+${t}@${domain}`, m)}${after}`;
        expect(emailMatchKey(variant)).toBe(`${name}@${domain.toLowerCase()}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('is invariant under dots in a Gmail local part and the googlemail.com spelling', () => {
    const dotted = fc.tuple(local, fc.array(fc.nat(), { maxLength: 5 })).map(([name, cuts]) => {
      const chars = [...name];
      for (const cut of cuts) chars.splice(cut % (chars.length + 1), 0, '.');
      return { name, dotted: chars.join('') };
    });
    const gmail = fc.constantFrom('gmail.com', 'googlemail.com', 'GMail.com', 'GoogleMail.COM');
    fc.assert(
      fc.property(dotted, gmail, tag, mask, ({ name, dotted: d }, domain, t, m) => {
        expect(emailMatchKey(recase(`${d}+${t}@${domain}`, m))).toBe(`${name}@gmail.com`);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent and never defined where normalizeEmail is not', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme-ascii' }), fc.emailAddress(), fc.tuple(local, tag).map(([n, t]) => `${n}.x+${t}@googlemail.com`));
    fc.assert(
      fc.property(text, (raw) => {
        const key = emailMatchKey(raw);
        expect(emailMatchKey(key)).toBe(key);
        if (normalizeEmail(raw) === undefined) expect(key).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });
});
