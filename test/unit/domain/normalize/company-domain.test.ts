import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { companyDomainFromEmail, domainFromWebsite, isFreeMailDomain } from '#domain/normalize/company-domain';
import { FREE_MAIL_DOMAINS } from '#domain/normalize/free-mail-domains';

/** Host names whose first label is not a `www` server name, which the normalizer would remove. */
const domain = fc.domain().filter((d) => !/^www\d*\./i.test(d));

describe('domainFromWebsite', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['acme.com/about', 'acme.com'],
    ['https://WWW.Acme.com:443/x?y', 'acme.com'],
    ['http://acme.com.', 'acme.com'],
    ['acme.com#contact', 'acme.com'],
    ['//cdn.acme.com/lib.js', 'cdn.acme.com'],
    ['https://user:secret@acme.com/', 'acme.com'],
    ['www2.acme.co.uk', 'acme.co.uk'],
    ['eu.acme.com', 'eu.acme.com'],
    ['  Acme.COM  ', 'acme.com'],
    ['www.com', 'www.com'],
    ['https://www.www.acme.com', 'acme.com'],
    ['münchen.de', 'münchen.de'],
    ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
  ])('reads %s as %s', (raw, expected) => {
    expect(domainFromWebsite(raw)).toBe(expected);
  });

  it.each([
    ['a placeholder', 'n/a'],
    ['a single label', 'localhost'],
    ['an IPv4 address', 'http://192.168.0.1/admin'],
    ['a scheme alone', 'https://'],
    ['a company name', 'Acme Inc'],
    ['a label starting with a hyphen', '-acme.com'],
    ['an empty label', 'acme..com'],
    ['an empty string', ''],
  ])('rejects %s', (_, raw) => {
    expect(domainFromWebsite(raw)).toBeUndefined();
  });

  it('rejects null and undefined', () => {
    expect(domainFromWebsite(null)).toBeUndefined();
    expect(domainFromWebsite(undefined)).toBeUndefined();
  });

  it('is invariant under scheme, www, port, path, trailing dot and case', () => {
    const scheme = fc.constantFrom('', 'http://', 'https://', 'HTTPS://', '//');
    const www = fc.constantFrom('', 'www.', 'WWW.', 'www2.');
    const port = fc.constantFrom('', ':80', ':8443');
    const path = fc.constantFrom('', '/', '/about', '/a/b?c=d#e', '?utm=x', '#top');
    const dot = fc.constantFrom('', '.');
    fc.assert(
      fc.property(domain, scheme, www, port, path, dot, fc.boolean(), (d, s, w, p, x, t, upper) => {
        const host = upper ? d.toUpperCase() : d;
        expect(domainFromWebsite(`${s}${w}${host}${t}${p}${x}`)).toBe(d.toLowerCase());
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent', () => {
    const text = fc.oneof(fc.webUrl(), fc.string({ unit: 'grapheme' }), domain.map((d) => `www.www.${d}`));
    fc.assert(
      fc.property(text, (raw) => {
        const once = domainFromWebsite(raw);
        expect(domainFromWebsite(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isFreeMailDomain', () => {
  it.each(['gmail.com', 'googlemail.com', 'yahoo.co.uk', 'hotmail.fr', 'outlook.com', 'icloud.com', 'proton.me', 'gmx.de', 'web.de', 'mail.ru', 'yandex.ru', 'qq.com', '163.com', 'naver.com', 'comcast.net', 'orange.fr', 'libero.it'])(
    'knows %s',
    (d) => {
      expect(isFreeMailDomain(d)).toBe(true);
    },
  );

  it('ignores case and a trailing dot', () => {
    expect(isFreeMailDomain(' GMail.COM. ')).toBe(true);
  });

  it('rejects company domains and subdomains of providers', () => {
    expect(isFreeMailDomain('acme.com')).toBe(false);
    expect(isFreeMailDomain('mail.yahoo.com')).toBe(false);
    expect(isFreeMailDomain('gmail.com.evil.io')).toBe(false);
  });

  it('lists a couple of hundred domains, each already in normalized form', () => {
    expect(FREE_MAIL_DOMAINS.size).toBeGreaterThanOrEqual(200);
    for (const d of FREE_MAIL_DOMAINS) expect(domainFromWebsite(d)).toBe(d);
  });
});

describe('companyDomainFromEmail', () => {
  it('gives the domain of a work address', () => {
    expect(companyDomainFromEmail('Jane.Doe@Acme.com')).toBe('acme.com');
  });

  it('rejects free mail addresses: they say nothing about the company', () => {
    expect(companyDomainFromEmail('jane@gmail.com')).toBeUndefined();
    expect(companyDomainFromEmail('Jane <jane@YAHOO.CO.UK>')).toBeUndefined();
  });

  it('rejects text that is not an address', () => {
    expect(companyDomainFromEmail('acme.com')).toBeUndefined();
    expect(companyDomainFromEmail(null)).toBeUndefined();
  });

  it('returns the lowercase domain exactly when it is not a free mail domain', () => {
    const anyDomain = fc.oneof(domain, fc.constantFrom(...FREE_MAIL_DOMAINS));
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9._+-]{0,10}$/), anyDomain, fc.boolean(), (local, d, upper) => {
        const address = `${local}@${upper ? d.toUpperCase() : d}`;
        expect(companyDomainFromEmail(address)).toBe(FREE_MAIL_DOMAINS.has(d.toLowerCase()) ? undefined : d.toLowerCase());
      }),
      { numRuns: 1000 },
    );
  });
});
