import type { Country } from './companies.ts';
import type { SeededRandom } from './random.ts';

/** A phone number as its digit groups after the country code: `{cc: '1', groups: ['415', '555', '0123']}`. */
export interface Phone {
  cc: string;
  groups: readonly string[];
}

const US_AREAS = [
  '212', '415', '312', '617', '206', '512', '303', '404', '305', '213', '646', '718', '510', '408', '650', '202',
  '214', '713', '602', '612', '503', '702', '615', '919', '704', '215', '412', '313', '216', '614', '317', '414',
  '816', '801', '858', '619', '949', '720', '971', '347',
];
const CA_AREAS = ['416', '604', '514', '403', '613', '780', '902', '204'];
// Ofcom's numbers reserved for drama (area code, exchange): they never ring anyone.
const GB_RANGES = [['20', '7946'], ['161', '496'], ['121', '496'], ['131', '496'], ['141', '496'], ['117', '496'], ['113', '496'], ['7700', '900']];
// ACMA's fictitious-use ranges for Australia.
const AU_RANGES = [['2', '5550'], ['3', '7010'], ['7', '5550'], ['8', '5550']];

/**
 * Hands out distinct numbers per country, from ranges set aside for fiction where the country has them (NANP
 * 555-0100..0199, Ofcom's drama numbers, ACMA's fictitious ranges); the sequence repeats only past several thousand
 * numbers a country.
 */
export class PhoneBook {
  private readonly used = new Map<Country, number>();

  next(country: Country): Phone {
    const n = this.used.get(country) ?? 0;
    this.used.set(country, n + 1);
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    switch (country) {
      case 'US':
      case 'CA': {
        const areas = country === 'US' ? US_AREAS : CA_AREAS;
        return { cc: '1', groups: [areas[n % areas.length] as string, '555', pad(100 + (Math.floor(n / areas.length) % 100), 4)] };
      }
      case 'GB': {
        const [area, exchange] = GB_RANGES[n % GB_RANGES.length] as [string, string];
        return { cc: '44', groups: [area, exchange, pad(Math.floor(n / GB_RANGES.length) % 1000, area === '7700' ? 3 : 4)] };
      }
      case 'AU': {
        const [area, exchange] = AU_RANGES[n % AU_RANGES.length] as [string, string];
        return { cc: '61', groups: [area, exchange, pad(Math.floor(n / AU_RANGES.length) % 10000, 4)] };
      }
      case 'DE':
        return { cc: '49', groups: ['30', '2309', pad(n % 10000, 4)] };
      case 'FR':
        return { cc: '33', groups: ['1', '45', '67', pad(Math.floor(n / 100) % 100, 2), pad(n % 100, 2)] };
      case 'NL':
        return { cc: '31', groups: ['20', '555', pad(n % 10000, 4)] };
    }
  }
}

/**
 * How someone typed the number: for North America "(415) 555-0123", "+1 415-555-0123", "4155550123",
 * "415.555.0123", E.164; elsewhere "+44 20 7946 0123", "020 7946 0123", E.164, digits with the trunk 0.
 */
export function renderPhone(phone: Phone, random: SeededRandom): string {
  const { cc, groups } = phone;
  const digits = groups.join('');
  if (cc === '1') {
    const [area, exchange, line] = groups as [string, string, string];
    return random.pick([`(${area}) ${exchange}-${line}`, `+1 ${area}-${exchange}-${line}`, digits, `${area}.${exchange}.${line}`, `+1${digits}`, `${area}-${exchange}-${line}`]);
  }
  return random.pick([`+${cc} ${groups.join(' ')}`, `0${groups.join(' ')}`, `+${cc}${digits}`, `0${digits}`, `+${cc} (0)${groups.join(' ')}`]);
}
