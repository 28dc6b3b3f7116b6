import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailAddressProblem } from '#domain/email-address';

const TARGETS = ['salesforce', 'hubspot', 'outreach'] as const;

/** Forms both vendors refuse, with the reason's gist. */
const REFUSED_BY_BOTH: readonly [string, RegExp][] = [
  ['plainaddress', /no @/],
  ['@example.com', /local part .* empty/],
  ['jane@', /domain .* empty/],
  ['jane@@example.com', /more than one @/],
  ['jane@doe@example.com', /more than one @/],
  ['jane doe@example.com', /space/],
  ['jane@exa mple.com', /space/],
  ['.jane@example.com', /begins with a dot/],
  ['jane@example..com', /empty label/],
  ['jane@.example.com', /empty label/],
  ['jane@example.com.', /empty label/],
  ['ja<ne@example.com', /character/],
  ['ja,ne@example.com', /character/],
  ['jane@exa[mple.com', /character|top-level/],
  ['jane@[192.168.0.1]', /character|top-level/],
  ['jane\u0000@example.com', /control character/],
  ['   ', /blank/],
];

describe('emailAddressProblem', () => {
  it('accepts generated RFC 5322 addresses for every target (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom(...TARGETS), (address, target) => {
        expect(emailAddressProblem(address, target)).toBeUndefined();
        // The contract lowercases and trims e-mail fields; that never makes an address invalid.
        expect(emailAddressProblem(` ${address.toLowerCase()} `, target)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it.each(REFUSED_BY_BOTH)('rejects %j for every target', (address, reason) => {
    for (const target of TARGETS) expect(emailAddressProblem(address, target)).toMatch(reason);
  });

  it('rejects an address broken by a space, comma, angle bracket or second @, never repeating it in the reason (property)', () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom(' ', ',', '<', '@@'), fc.constantFrom(...TARGETS), fc.nat(), (address, broken, target, at) => {
        // Inside the address: surrounding blanks are trimmed, as every mapping does.
        const cut = 1 + (at % (address.length - 1));
        const invalid = `${address.slice(0, cut)}${broken}${address.slice(cut)}`;

        const problem = emailAddressProblem(invalid, target);

        expect(problem).toBeDefined();
        expect(problem?.includes(invalid)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('follows Salesforce where it departs from the RFC: .. and a trailing dot in the local part pass', () => {
    expect(emailAddressProblem('a..a@test.jp', 'salesforce')).toBeUndefined();
    expect(emailAddressProblem('a..@test.jp', 'salesforce')).toBeUndefined();
    expect(emailAddressProblem('"john doe"@example.com', 'salesforce')).toBeUndefined();
    expect(emailAddressProblem('john.doe(work)@example.com', 'salesforce')).toBeUndefined();
  });

  it('rejects for HubSpot what its RFC 2822 check and TLD list refuse, where Salesforce takes it', () => {
    expect(emailAddressProblem('a..a@test.jp', 'hubspot')).toMatch(/two dots/);
    expect(emailAddressProblem('"john doe"@example.com', 'hubspot')).toMatch(/quoted/);
    expect(emailAddressProblem('jane@localhost', 'hubspot')).toMatch(/top-level domain/);
    expect(emailAddressProblem('jane@example.123', 'hubspot')).toMatch(/top-level domain/);
    // Outreach and other targets refuse only what both vendors refuse.
    expect(emailAddressProblem('a..a@test.jp', 'outreach')).toBeUndefined();
    expect(emailAddressProblem('jane@localhost', 'outreach')).toBeUndefined();
  });

  it('rejects for Salesforce a domain character only HubSpot takes', () => {
    expect(emailAddressProblem('jane@exa_mple.com', 'salesforce')).toMatch(/domain has a character/);
    expect(emailAddressProblem('jane@exa_mple.com', 'hubspot')).toBeUndefined();
  });

  it('accepts internationalized addresses and domains (EAI, IDN, Unicode TLDs)', () => {
    for (const address of ['用户@例子.广告', 'josé@correo.es', 'user@email.삼성', 'user@xn--80ak6aa92e.com', 'user@example.xn--p1ai']) {
      for (const target of TARGETS) expect(emailAddressProblem(address, target)).toBeUndefined();
    }
  });
});
