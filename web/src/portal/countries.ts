// Countries and currencies by name, in English, for the forms: the codes are ISO 3166-1 / 4217, the names the browser's.

// ISO 3166-1 alpha-2, with XK (Kosovo, user-assigned but used by customs and carriers).
const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW';

// Subdivisions a pack serves as destinations of their own (ISO 3166-2), where tax rates differ by region.
const REGIONS: Record<string, string> = {
  'CA-AB': 'Alberta',
  'CA-BC': 'British Columbia',
  'CA-MB': 'Manitoba',
  'CA-NB': 'New Brunswick',
  'CA-NL': 'Newfoundland and Labrador',
  'CA-NS': 'Nova Scotia',
  'CA-NT': 'Northwest Territories',
  'CA-NU': 'Nunavut',
  'CA-ON': 'Ontario',
  'CA-PE': 'Prince Edward Island',
  'CA-QC': 'Quebec',
  'CA-SK': 'Saskatchewan',
  'CA-YT': 'Yukon',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency', fallback: 'code' });

/** "Germany" for DE, "Canada — Ontario" for CA-ON. */
export function placeName(code: string): string {
  const [country, region] = code.split('-') as [string, string | undefined];
  const name = regionNames.of(country) ?? country;
  return region ? `${name} — ${REGIONS[code] ?? region}` : name;
}

export const currencyName = (code: string): string => currencyNames.of(code) ?? code;

export interface Option {
  value: string;
  label: string;
}

const byLabel = (a: Option, b: Option): number => a.label.localeCompare(b.label, 'en');

export const countryOptions: Option[] = CODES.split(' ')
  .map((c) => ({ value: c, label: placeName(c) }))
  .sort(byLabel);

export const placeOptions = (codes: string[]): Option[] => codes.map((c) => ({ value: c, label: placeName(c) })).sort(byLabel);
