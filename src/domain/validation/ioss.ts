// EU IOSS identification numbers: IM + 3-digit ISO 3166-1 numeric code of the Member State of identification + 7 digits.
// Source: Council Implementing Regulation (EU) 2020/194 and the Commission's IOSS guidance (valid from 1 July 2021);
// the check digit algorithm is not public, so only the format and the Member State code are checked.
const IOSS_SHAPE = /^IM([0-9]{3})[0-9]{7}$/;

/** Member States (and 900 for Northern Ireland) that issue IOSS numbers, by ISO 3166-1 numeric code. */
const MEMBER_STATE_CODES: ReadonlySet<string> = new Set([
  '040', '056', '100', '191', '196', '203', '208', '233', '246', '250', '276', '300', '348', '372',
  '380', '428', '440', '442', '470', '528', '616', '620', '642', '703', '705', '724', '752', '900',
]);

export function isIossNumber(value: string): boolean {
  const m = IOSS_SHAPE.exec(value);
  return m !== null && MEMBER_STATE_CODES.has(m[1]!);
}
