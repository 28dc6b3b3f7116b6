import { createHash } from 'node:crypto';
import type { PersistentStore } from '../kit/index.ts';
import { companyNameKey, domainOf, phoneKey, type ZoominfoCompany, type ZoominfoContact } from './model.ts';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Adds `value` to the list under `key` (several records may share a name or phone). */
function index<T>(map: Map<string, T[]>, key: string, value: T): void {
  if (key === '') return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** What ZoomInfo keeps across a restart: the records; the look-up indexes are rebuilt from them. */
export interface ZoominfoState {
  companies: ZoominfoCompany[];
  contacts: ZoominfoContact[];
}

/** In-memory firmographics with the look-ups the enrich matcher needs. */
export class ZoominfoStore implements PersistentStore<ZoominfoState> {
  #companies = new Map<number, ZoominfoCompany>();
  #contacts = new Map<number, ZoominfoContact>();
  #companiesByDomain = new Map<string, ZoominfoCompany[]>();
  #companiesByName = new Map<string, ZoominfoCompany[]>();
  #companiesByTicker = new Map<string, ZoominfoCompany[]>();
  #companiesByPhone = new Map<string, ZoominfoCompany[]>();
  #contactsByEmail = new Map<string, ZoominfoContact[]>();
  #contactsByHashedEmail = new Map<string, ZoominfoContact[]>();
  #contactsByPhone = new Map<string, ZoominfoContact[]>();

  /** Forgets every record. */
  clear(): void {
    for (const map of [this.#companies, this.#contacts]) map.clear();
    for (const map of [this.#companiesByDomain, this.#companiesByName, this.#companiesByTicker, this.#companiesByPhone]) map.clear();
    for (const map of [this.#contactsByEmail, this.#contactsByHashedEmail, this.#contactsByPhone]) map.clear();
  }

  exportState(): ZoominfoState {
    return { companies: this.companies(), contacts: this.contacts() };
  }

  importState(state: ZoominfoState): void {
    this.clear();
    for (const company of state.companies) this.addCompany(company);
    for (const contact of state.contacts) this.addContact(contact);
  }

  /** Stores a company and indexes its domains, name, ticker and phone. */
  addCompany(company: ZoominfoCompany): void {
    this.#companies.set(company.id, company);
    for (const domain of new Set([domainOf(company.website), ...company.domainList.map(domainOf)])) index(this.#companiesByDomain, domain, company);
    index(this.#companiesByName, companyNameKey(company.name), company);
    index(this.#companiesByTicker, company.ticker.toUpperCase(), company);
    index(this.#companiesByPhone, phoneKey(company.phone), company);
  }

  /** Stores a contact and indexes its email (plain and SHA-256 hashed) and phones. */
  addContact(contact: ZoominfoContact): void {
    this.#contacts.set(contact.id, contact);
    const email = contact.email.toLowerCase();
    index(this.#contactsByEmail, email, contact);
    index(this.#contactsByHashedEmail, sha256(email), contact);
    for (const phone of new Set([phoneKey(contact.phone), phoneKey(contact.mobilePhone)])) index(this.#contactsByPhone, phone, contact);
  }

  companies(): ZoominfoCompany[] {
    return [...this.#companies.values()];
  }

  contacts(): ZoominfoContact[] {
    return [...this.#contacts.values()];
  }

  company(id: number): ZoominfoCompany | undefined {
    return this.#companies.get(id);
  }

  contact(id: number): ZoominfoContact | undefined {
    return this.#contacts.get(id);
  }

  companiesByDomain(website: string): ZoominfoCompany[] {
    return this.#companiesByDomain.get(domainOf(website)) ?? [];
  }

  companiesByName(name: string): ZoominfoCompany[] {
    return this.#companiesByName.get(companyNameKey(name)) ?? [];
  }

  companiesByTicker(ticker: string): ZoominfoCompany[] {
    return this.#companiesByTicker.get(ticker.trim().toUpperCase()) ?? [];
  }

  companiesByPhone(phone: string): ZoominfoCompany[] {
    return this.#companiesByPhone.get(phoneKey(phone)) ?? [];
  }

  contactsByEmail(email: string): ZoominfoContact[] {
    return this.#contactsByEmail.get(email.trim().toLowerCase()) ?? [];
  }

  /** [?] Only SHA-256 hex of the lowercased address is emulated; the vendor also names MD5 and SHA-1. */
  contactsByHashedEmail(hash: string): ZoominfoContact[] {
    return this.#contactsByHashedEmail.get(hash.trim().toLowerCase()) ?? [];
  }

  contactsByPhone(phone: string): ZoominfoContact[] {
    return this.#contactsByPhone.get(phoneKey(phone)) ?? [];
  }
}
