/**
 * Company domains for identity resolution: the host of a website field, or the domain of a work e-mail address,
 * spelled one way so that an account's `website` and its contacts' addresses meet on the same key.
 *
 * The domain is the host as written, minus `www.`; it is not cut down to the registrable domain (`eu.acme.com`
 * stays as is), which would need the Public Suffix List and would merge unrelated tenants of shared hosts.
 */
import { emailDomain } from '#domain/normalize/email';
import { FREE_MAIL_DOMAINS } from '#domain/normalize/free-mail-domains';

/** A URL scheme (`https://`, `HTTP://`) or a scheme-relative `//`. */
const SCHEME = /^(?:[a-z][a-z0-9+.-]*:)?\/\//;
/** A host label: letters (any script, for IDNs), digits and inner hyphens. Punycode (`xn--...`) fits too. */
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u;
/** `www.`, `www2.`, ...: the web server's name, not part of the company's domain. */
const WWW = /^www\d*\./;

/** The host part of a URL-ish text: no scheme, user info, path, query, fragment, port or trailing dots. */
function hostOf(text: string): string {
  let host = text.replace(SCHEME, '');
  const end = host.search(/[/?#\\]/);
  if (end !== -1) host = host.slice(0, end);
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);
  const colon = host.indexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  while (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** Whether `host` is at least two valid labels and not an IPv4 address (its last label would be all digits). */
function plausibleHost(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => !LABEL.test(label))) return false;
  return !/^\d+$/.test(labels[labels.length - 1] ?? '');
}

/**
 * The company domain in a website field: `https://WWW.Acme.com:443/about?x=1`, `acme.com/about` and `Acme.COM.`
 * all give `acme.com`. Scheme, user info, `www.` (also `www2.`), port, path, query, fragment and trailing dots go;
 * the rest is lowercased. `www.` stays when removing it would leave a single label (`www.com`).
 *
 * @returns the domain, or `undefined` for text that is not a host name (`n/a`, `localhost`, an IP address).
 */
export function domainFromWebsite(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let host = hostOf(raw.trim().toLowerCase());
  while (WWW.test(host) && host.indexOf('.', host.indexOf('.') + 1) !== -1) host = host.slice(host.indexOf('.') + 1);
  return plausibleHost(host) ? host : undefined;
}

/**
 * Whether a domain belongs to a free or consumer mail provider (see {@link FREE_MAIL_DOMAINS}); case and a
 * trailing dot are ignored. Subdomains do not count: `mail.yahoo.com` is not listed, and is not a mailbox domain.
 */
export function isFreeMailDomain(domain: string): boolean {
  let d = domain.trim().toLowerCase();
  while (d.endsWith('.')) d = d.slice(0, -1);
  return FREE_MAIL_DOMAINS.has(d);
}

/**
 * Hosts many companies share as their "website": social profiles, site builders, marketplaces, link pages. A
 * website on one of them (`https://facebook.com/joes-plumbing`) says nothing about which company it is, so it is no
 * company domain: two businesses with Facebook pages are not one company. A subdomain of a site builder
 * (`joes.wixsite.com`) is the business's own, and is kept.
 */
const SHARED_HOSTS: ReadonlySet<string> = new Set([
  'facebook.com', 'fb.com', 'linkedin.com', 'twitter.com', 'x.com', 'instagram.com', 'youtube.com', 'tiktok.com', 'pinterest.com',
  'google.com', 'sites.google.com', 'business.site', 'goo.gl', 'bit.ly', 'linktr.ee', 'wixsite.com', 'wix.com', 'squarespace.com',
  'wordpress.com', 'blogspot.com', 'medium.com', 'github.com', 'github.io', 'gitlab.io', 'notion.site', 'carrd.co', 'webflow.io',
  'shopify.com', 'myshopify.com', 'etsy.com', 'amazon.com', 'ebay.com', 'yelp.com', 'tripadvisor.com', 'angi.com', 'houzz.com',
  'crunchbase.com', 'glassdoor.com', 'indeed.com', 'apple.com', 'apps.apple.com', 'play.google.com', 'about.me', 'vercel.app', 'netlify.app', 'herokuapp.com',
]);

/** Whether a host is shared by many companies (see {@link SHARED_HOSTS}), so no company's domain. */
export function isSharedHost(host: string): boolean {
  return SHARED_HOSTS.has(host.trim().toLowerCase());
}

/**
 * The company's own domain in a website field: {@link domainFromWebsite}, unless that is a free-mail provider's or
 * a host many companies share (a social profile, a site builder).
 */
export function companyDomainFromWebsite(raw: string | null | undefined): string | undefined {
  const host = domainFromWebsite(raw);
  return host === undefined || isFreeMailDomain(host) || isSharedHost(host) ? undefined : host;
}

/**
 * The company domain an e-mail address reveals: its domain, unless that is a free mail provider's
 * (`jane@acme.com` → `acme.com`; `jane@gmail.com` → `undefined`).
 *
 * @returns the domain, or `undefined` for a free mail domain or text that is not a plausible address.
 */
export function companyDomainFromEmail(email: string | null | undefined): string | undefined {
  const domain = emailDomain(email);
  return domain === undefined || FREE_MAIL_DOMAINS.has(domain) ? undefined : domain;
}
