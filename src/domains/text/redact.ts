// PII redaction at ingest: e-mails, phones, cards, IBANs, IPs and street addresses become typed placeholders.
//
// Every detector is a precompiled regex that finds candidates, plus a check in code that decides (Luhn,
// mod-97, octet ranges, digit counts, context words). The regexes stay shallow (no nested quantifiers over
// overlapping classes; a lookbehind lets a match start only at the beginning of a run), so every pass is
// linear in the text length whatever the input; the precision comes from the checks in code.
//
// Rules for the ambiguous cases (the tests pin each one down):
// - cards: 13–19 digits, contiguous or in groups split by one space or dash (first group 4 digits, inner
//   groups 4–6, one kind of separator), first digit 2–6 (Visa, Mastercard, Amex, Diners, Discover, JCB,
//   UnionPay, Maestro) and Luhn-valid. A number failing any of these is an order id or similar and is left
//   alone; no other detector picks it up either (phones need a +, 00, a leading 0 or the NANP 3-3-4 shape).
// - ids: a number right after "order", "ticket", "invoice", "ref", "#", … is never a card or a phone.
// - IPv4: four dot-separated octets 0–255 without leading zeros, not glued to more dots or digits, and not
//   after a version word ("v", "version", "build", "release", "Chrome", "Windows", …) or a "Name/" prefix
//   (user agents): "v10.0.0.1", "version 1.2.3.4" and "Firefox/115.0.2.1" are versions, "10.0.0.1" is an
//   IP. Three-part versions (10.0.1) never look like an IP.
// - IPv6: 8 hex groups, or fewer with exactly one "::"; it must contain a digit, so "14:30:00" and
//   "Foo::bar" are not addresses.
// - phones: +/00 with 7–15 digits; NANP (415) 555-2671 / 415-555-2671 with area code and exchange 2–9;
//   national numbers with a leading 0 and 9–12 digits in groups split by one kind of separator
//   (020 7946 0958, 06 12 34 56 78), which keeps dates (8 digits at most) out; any 7–15 digit number right
//   after "phone", "tel", "mobile", "call me at", … unless it is shaped like a date.
// - addresses: a house number, capitalised street-name words and a street suffix (221B Baker Street,
//   1600 Amsterdam Ave); a house number then a French street word (12 rue de la Paix); a German, Dutch or
//   Nordic compound street then the number (Hauptstraße 5); a Spanish, Italian or Portuguese street word,
//   a name and the number (Via Roma 10); P.O. boxes. An all-lower-case "42 baker street" only with
//   street/road/avenue/boulevard/lane and no filler words ("3 miles down the road" is not an address).
//   A following postcode and city (US, UK, 4–5 digit European) is redacted with it.
// - IBANs: upper-case only, a known country with its exact length, and mod-97 valid; spaces in groups of 4.
// - e-mails: local@domain whose last label is alphabetic ("root@localhost" is not one); "name (at) example
//   (dot) com" too.
// Redacting redacted text changes nothing (see the pass order below); the property tests check it.

export type PiiKind = 'email' | 'phone' | 'card' | 'iban' | 'ip' | 'address';

export interface Redaction {
  text: string;
  found: Partial<Record<PiiKind, number>>;
}

interface Hit {
  /** What the whole regex match is replaced with (may keep some of the match, e.g. a "call me at" prefix). */
  replacement: string;
  count: number;
}

type Decide = (match: RegExpExecArray, text: string) => Hit | undefined;

interface Pass {
  kind: PiiKind;
  re: RegExp;
  decide: Decide;
}

const PLACEHOLDER: Record<PiiKind, string> = {
  email: '[email]',
  phone: '[phone]',
  card: '[card]',
  iban: '[iban]',
  ip: '[ip]',
  address: '[address]',
};

const once = (kind: PiiKind, before = '', after = ''): Hit => ({
  replacement: before + PLACEHOLDER[kind] + after,
  count: 1,
});
const whole =
  (kind: PiiKind): Decide =>
  () =>
    once(kind);

const HAS_DIGIT = /\d/;
const OBFUSCATED_AT = /[([{]\s*at\s*[)\]}]/i;
const ALL_DIGITS = /\d/g;

function digitCount(s: string): number {
  return s.match(ALL_DIGITS)?.length ?? 0;
}

/** A number right after these words is an id, not a card or a phone. */
const ID_CONTEXT =
  /(?:\b(?:order|ticket|invoice|inv|case|ref|reference|tracking|confirmation|booking|reservation|transaction|txn|sku|serial|receipt|item|product|part|model|id)(?:[ \t]*(?:#|no\.?|nr\.?|num(?:ber)?|id|code))?|#)[ \t]*[:#-]?[ \t]*$/i;

/** A dotted quad right after these words (or after "Name/", as in user agents) is a version, not an IP. */
const VERSION_CONTEXT =
  /(?:\b(?:v|ver|version|build|release|rel|firmware|fw|patch|sdk|api|app|update|updated|upgrade|upgraded|chrome|firefox|safari|edge|opera|ios|ipados|android|macos|os|windows)\.?(?:[ \t]+to)?[ \t]*[:#]?[ \t]*|[\p{L}\]]\/)$/iu;

const CONTEXT_WINDOW = 40;

function precededBy(context: RegExp, text: string, index: number): boolean {
  return context.test(text.slice(Math.max(0, index - CONTEXT_WINDOW), index));
}

// -----------------------------------------------------------------------------------------------------------
// E-mail

const EMAIL = /(?<![\p{L}\p{N}._%+\]-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const EMAIL_OBFUSCATED =
  /(?<![\p{L}\p{N}._%+\]-])[\p{L}\p{N}._%+-]+[ \t]*[([{][ \t]*at[ \t]*[)\]}][ \t]*[\p{L}\p{N}-]+(?:(?:\.|[ \t]*[([{][ \t]*dot[ \t]*[)\]}][ \t]*)[\p{L}\p{N}-]+)+/giu;
const TLD = /^\p{L}{2,}$/u;
const LEADING_DOTS = /^\.+/;

const AT_SIGN = /@|[ \t]*[([{][ \t]*at[ \t]*[)\]}][ \t]*/i;
const DOMAIN_SEPARATOR = /(\.|[ \t]*[([{][ \t]*dot[ \t]*[)\]}][ \t]*)/i;

const decideEmail: Decide = (m) => {
  const value = m[0];
  // "see...john@example.com": the dots belong to the sentence, not the address.
  const dots = LEADING_DOTS.exec(value)?.[0] ?? '';
  const at = AT_SIGN.exec(value);
  if (at === null || at.index === dots.length) return undefined;
  // The domain may run on into what follows ("jane@example.com.DE89…"): end it at the last alphabetic label.
  const domainStart = at.index + at[0].length;
  const parts = value.slice(domainStart).split(DOMAIN_SEPARATOR); // labels at even indexes, separators between
  let end = value.length;
  for (let last = parts.length - 1; last >= 2; last -= 2) {
    if (TLD.test(parts[last])) return once('email', dots, value.slice(end));
    end -= parts[last].length + parts[last - 1].length;
  }
  return undefined;
};

// -----------------------------------------------------------------------------------------------------------
// IBAN

/** Total IBAN length per country (SWIFT IBAN registry). */
// biome-ignore format: the table reads better packed
const IBAN_LENGTH: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24,
  ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23,
  ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

const IBAN =
  /(?<![\p{L}\p{N}_\]])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,8}(?: ?[A-Z0-9]{1,3})?(?![\p{L}\p{N}_[])/gu;

export function isValidIban(compact: string): boolean {
  if (IBAN_LENGTH[compact.slice(0, 2)] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i += 1) {
    const code = rearranged.charCodeAt(i);
    // Letters count as two digits: A = 10 … Z = 35.
    remainder = code >= 65 ? (remainder * 100 + code - 55) % 97 : (remainder * 10 + code - 48) % 97;
  }
  return remainder === 1;
}

const decideIban: Decide = (m) => {
  const value = m[0];
  // The regex may have run on into a following upper-case word ("… 7034 THANKS"): drop trailing groups.
  let end = value.length;
  while (end >= 15) {
    if (isValidIban(value.slice(0, end).replaceAll(' ', ''))) return once('iban', '', value.slice(end));
    end = value.lastIndexOf(' ', end - 1);
  }
  return undefined;
};

// -----------------------------------------------------------------------------------------------------------
// IP addresses

// One flat class after the two required colons: linear, and the shape is checked in code.
const IPV6 = /(?<![\p{L}\p{N}_:.\]])[0-9A-Fa-f]*:[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*/gu;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const WORD_CHAR = /[\p{L}\p{N}_[]/u;
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4 = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.\]])${OCTET}(?:\.${OCTET}){3}(?![\p{L}\p{N}_[]|\.\d)`,
  'gu',
);
const IPV4_EXACT = new RegExp(String.raw`^${OCTET}(?:\.${OCTET}){3}$`);

function isValidIpv6(candidate: string): boolean {
  if (candidate.length > 45 || !HAS_DIGIT.test(candidate)) return false;
  let value = candidate;
  let groups = 0;
  const lastColon = value.lastIndexOf(':');
  if (value.includes('.', lastColon)) {
    if (!IPV4_EXACT.test(value.slice(lastColon + 1))) return false;
    groups = 2;
    value = value.slice(0, lastColon + 1);
    if (!value.endsWith('::')) value = value.slice(0, -1);
  }
  if (value.includes('.')) return false;
  const halves = value.split('::');
  if (halves.length > 2) return false;
  for (const half of halves) {
    if (half === '') continue;
    for (const group of half.split(':')) {
      if (!HEX_GROUP.test(group)) return false;
      groups += 1;
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

const decideIpv6: Decide = (m, text) => {
  let value = m[0];
  let trailing = '';
  // A sentence-ending dot is not part of the address.
  while (value.endsWith('.')) {
    value = value.slice(0, -1);
    trailing += '.';
  }
  const next = text[m.index + m[0].length];
  if (next !== undefined && WORD_CHAR.test(next)) return undefined;
  return isValidIpv6(value) ? once('ip', '', trailing) : undefined;
};

const decideIpv4: Decide = (m, text) => (precededBy(VERSION_CONTEXT, text, m.index) ? undefined : once('ip'));

// -----------------------------------------------------------------------------------------------------------
// Payment cards

// A run of digit groups joined by single spaces or dashes; which part of it (if any) is a card is decided
// in code.
const DIGIT_RUN = /(?<![\p{L}\p{N}_+.,/#\]-]|\d[ -])\d+(?:[ -]\d+)*/gu;
const AFTER_RUN_BLOCKS = /^(?:[\p{L}_[]|[.,]\d)/u;
/** Card lengths, most common first, so an ambiguous run picks the likeliest split. */
const CARD_LENGTHS = [16, 15, 19, 14, 13, 17, 18];

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

function isCardNumber(digits: string): boolean {
  const first = digits.charCodeAt(0) - 48;
  return digits.length >= 13 && digits.length <= 19 && first >= 2 && first <= 6 && luhnValid(digits);
}

/** Whether groups[from..to] is written like a card: one group, or 4, 4–6 …, 1–6 with one separator. */
function cardShaped(groups: string[], seps: string[], from: number, to: number): boolean {
  if (from === to) return true;
  if (groups[from].length !== 4) return false;
  for (let i = from + 1; i < to; i += 1) {
    if (groups[i].length < 4 || groups[i].length > 6) return false;
  }
  if (groups[to].length > 6) return false;
  for (let i = from + 1; i < to; i += 1) if (seps[i] !== seps[from]) return false;
  return true;
}

const decideCard: Decide = (m, text) => {
  const run = m[0];
  if (run.length < 13 || precededBy(ID_CONTEXT, text, m.index)) return undefined;
  const groups: string[] = [];
  const seps: string[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i += 1) {
    if (i === run.length || run[i] === ' ' || run[i] === '-') {
      groups.push(run.slice(start, i));
      seps.push(run[i] ?? '');
      start = i + 1;
    }
  }
  // A last group glued to a word or a decimal part ("… 221B", "… 12.5") belongs to that, not to a card.
  const after = text.slice(m.index + run.length, m.index + run.length + 2);
  const usable = AFTER_RUN_BLOCKS.test(after) ? groups.length - 1 : groups.length;
  let remaining = 0;
  for (let i = 0; i < usable; i += 1) remaining += groups[i].length;
  let out = '';
  let count = 0;
  let from = 0;
  while (from < usable) {
    let to = -1;
    // The whole rest of the run first ("4921-3747-6207-9611-6" is one 17-digit card), then the likeliest
    // lengths.
    for (const length of remaining >= 13 && remaining <= 19 ? [remaining, ...CARD_LENGTHS] : CARD_LENGTHS) {
      let digits = 0;
      let j = from;
      while (j < usable && digits + groups[j].length <= length) {
        digits += groups[j].length;
        if (digits === length) break;
        j += 1;
      }
      if (digits !== length || j >= usable) continue;
      if (cardShaped(groups, seps, from, j) && isCardNumber(groups.slice(from, j + 1).join(''))) {
        to = j;
        break;
      }
    }
    const next = to < 0 ? from + 1 : to + 1;
    for (let i = from; i < next; i += 1) remaining -= groups[i].length;
    out += to < 0 ? groups[from] + seps[from] : PLACEHOLDER.card + seps[to];
    if (to >= 0) count += 1;
    from = next;
  }
  if (count === 0) return undefined;
  for (let i = usable; i < groups.length; i += 1) out += groups[i] + seps[i];
  return { replacement: out, count };
};

// -----------------------------------------------------------------------------------------------------------
// Phones

const PHONE_START = String.raw`(?<![\p{L}\p{N}_+.,\/\]-]|\d[ .-])`;
const PHONE_END = String.raw`(?![ .,\/-]?\d|[\p{L}_[])`;
const PHONE_INTERNATIONAL = new RegExp(
  String.raw`(?<![\p{L}\p{N}_+.,\/\]-])(?:\+|(?<!\d[ .-])00)[1-9]\d{0,13}(?:[ .-]?\(\d{1,4}\)[ .-]?\d{1,8})?(?:[ .-]\d{1,8}){0,6}${PHONE_END}`,
  'gu',
);
const PHONE_NANP = new RegExp(
  String.raw`${PHONE_START}(?:1[ .-]?)?(?:\([2-9]\d{2}\)[ .-]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}${PHONE_END}`,
  'gu',
);
const PHONE_NATIONAL = new RegExp(
  String.raw`${PHONE_START}(?:0[1-9]\d{0,3}([ .-])\d{2,8}(?:\1\d{2,8}){0,4}|0[1-9]\d{7,10}|\(0\d{1,4}\) ?\d{2,8}(?:[ -]\d{2,8}){0,3})${PHONE_END}`,
  'gu',
);
const PHONE_KEYWORD = new RegExp(
  String.raw`(?<![\p{L}\]])((?:phone|telephone|tel|mobile|mob|cell|cellphone|fax|whatsapp|sms|(?:call|text|reach|ring)(?:[ \t]+me)?(?:[ \t]+(?:at|on))?)(?:[ \t]*(?:number|no\.?|nr\.?|#))?[ \t]*[:.]?[ \t]*(?:is[ \t]+)?)(\+?\d(?:[ .\/-]?\d){6,14})${PHONE_END}`,
  'giu',
);
const DATE_SHAPED =
  /^(?:\d{4}[-./ ]\d{1,2}[-./ ]\d{1,2}|\d{1,2}[-./ ]\d{1,2}[-./ ]\d{2,4}|\d{4}[-./ ]\d{4})$/;

const decideInternational: Decide = (m, text) => {
  const digits = digitCount(m[0]) - (m[0].startsWith('00') ? 2 : 0);
  if (digits < 7 || digits > 15 || precededBy(ID_CONTEXT, text, m.index)) return undefined;
  return once('phone');
};

const decideNational: Decide = (m, text) => {
  const digits = digitCount(m[0]);
  if (digits < 9 || digits > 12 || precededBy(ID_CONTEXT, text, m.index)) return undefined;
  return once('phone');
};

const decideNanp: Decide = (m, text) => (precededBy(ID_CONTEXT, text, m.index) ? undefined : once('phone'));

const decideKeywordPhone: Decide = (m) => {
  const number = m[2];
  const digits = digitCount(number);
  if (digits < 7 || digits > 15 || DATE_SHAPED.test(number)) return undefined;
  return once('phone', m[1]);
};

// -----------------------------------------------------------------------------------------------------------
// Street addresses

const CAPITALISED = String.raw`\p{Lu}[\p{L}'’-]*`;
const HOUSE_NUMBER = String.raw`\d{1,5}[A-Za-z]?(?:[-/]\d{1,5}[A-Za-z]?)?`;
const ADDRESS_START = String.raw`(?<![\p{L}\p{N}_.,\/\]-])`;
const ADDRESS_END = String.raw`(?![\p{L}\p{N}_[])`;
const capitalisedOrLower = (words: string[]) =>
  words.map((w) => `[${w[0]}${w[0].toLowerCase()}]${w.slice(1)}`);
// biome-ignore format: the word list reads better packed
const STREET_WORDS = [
  'Street', 'Road', 'Avenue', 'Boulevard', 'Lane', 'Terrace', 'Crescent', 'Parkway', 'Highway', 'Drive',
  'Way', 'Court', 'Place', 'Close', 'Square', 'Circle', 'Trail', 'Grove', 'Gardens', 'Row', 'Mews', 'Walk',
  'Alley', 'Loop',
];
// biome-ignore format: the word list reads better packed
const STREET_ABBREVIATIONS = [
  'St', 'Rd', 'Ave', 'Av', 'Blvd', 'Ln', 'Dr', 'Ct', 'Pl', 'Ter', 'Cres', 'Sq', 'Pkwy', 'Hwy', 'Cir', 'Trl',
];
// Only the long, unambiguous suffixes may follow a lower-case street name after a capitalised one.
const LOWER_OK = [
  'Street',
  'Road',
  'Avenue',
  'Boulevard',
  'Lane',
  'Terrace',
  'Crescent',
  'Parkway',
  'Highway',
];
const STREET_SUFFIX = `(?:${[
  ...capitalisedOrLower(LOWER_OK),
  ...STREET_WORDS.filter((w) => !LOWER_OK.includes(w)),
  ...STREET_ABBREVIATIONS,
].join('|')})`;
const STREET_NAME_WORD = String.raw`(?:${CAPITALISED}\.?|\d{1,3}(?:st|nd|rd|th))`;
const POSTCODE_CITY = String.raw`(?:,[ \t]*${CAPITALISED}(?:[ \t]${CAPITALISED}){0,2},[ \t]*[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|,?[ \t]+(?:${CAPITALISED}(?:[ \t]${CAPITALISED}){0,2},?[ \t]+)?[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|,?[ \t]+\d{4,5}[ \t]+${CAPITALISED}(?:[ \t]${CAPITALISED})?)?`;

const ADDRESS_ENGLISH = new RegExp(
  String.raw`${ADDRESS_START}${HOUSE_NUMBER},?[ \t]+(?:${STREET_NAME_WORD}[ \t]+){1,4}${STREET_SUFFIX}${ADDRESS_END}${POSTCODE_CITY}${ADDRESS_END}`,
  'gu',
);
const ADDRESS_ENGLISH_LOWER = new RegExp(
  String.raw`${ADDRESS_START}\d{1,5}[a-z]?,?[ \t]+((?:\p{Ll}[\p{L}'’-]*[ \t]+){1,2})(?:street|road|avenue|boulevard|lane)${ADDRESS_END}`,
  'gu',
);
const FILLER_WORDS = new Set(
  (
    'the a an my your our their his her its this that these those more other different same separate each every per ' +
    'down up across along into onto on in at to of from by for and or but with via over off out busy wrong ' +
    'miles mile km blocks block hours hour minutes days weeks times lane lanes way ways'
  ).split(' '),
);
const BLANKS = /[ \t]+/;
/** A number right after these words counts things ("the 3 Amigos Way", "top 3 Main Street problems"). */
const NOT_A_HOUSE_NUMBER = /\b(?:the|these|those|top|first|last|all|only|another|every)[ \t]+$/i;

const decideEnglishAddress: Decide = (m, text) =>
  precededBy(NOT_A_HOUSE_NUMBER, text, m.index) ? undefined : once('address');

const decideLowerAddress: Decide = (m, text) => {
  if (precededBy(NOT_A_HOUSE_NUMBER, text, m.index)) return undefined;
  for (const word of m[1].trim().split(BLANKS)) if (FILLER_WORDS.has(word.toLowerCase())) return undefined;
  return once('address');
};

const ADDRESS_FRENCH = new RegExp(
  String.raw`${ADDRESS_START}\d{1,4}[a-zA-Z]?(?:[-/]\d{1,4})?,?[ \t]+(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Pp]lace|[Aa]llée|[Cc]hemin|[Ii]mpasse|[Qq]uai|[Cc]ours)[ \t]+(?:(?:de|du|des|la|le|les|l['’]|d['’])[ \t]*){0,3}${CAPITALISED}(?:[ \t]${CAPITALISED}){0,3}(?:,?[ \t]+\d{5}[ \t]+${CAPITALISED}(?:[ \t]${CAPITALISED})?)?${ADDRESS_END}`,
  'gu',
);
const GERMANIC_SUFFIX =
  'straße|strasse|str\\.?|weg|gasse|platz|allee|damm|ufer|chaussee|pfad|steig|straat|laan|gracht|plein|vej|gatan|vägen|veien';
const GERMANIC_WORD = 'Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee|Damm|Ufer|Chaussee|Straat|Laan';
const ADDRESS_GERMANIC = new RegExp(
  String.raw`(?<![\p{L}\p{N}_\]])(?:\p{Lu}[\p{Ll}-]*?(?:${GERMANIC_SUFFIX})|${CAPITALISED}[ \t](?:${GERMANIC_WORD}))[ \t]+\d{1,4}[a-zA-Z]?(?:[-/]\d{1,4}[a-zA-Z]?)?(?:,?[ \t]+\d{4,5}[ \t]+${CAPITALISED}(?:[ \t]${CAPITALISED})?)?${ADDRESS_END}`,
  'gu',
);
const ADDRESS_ROMANCE = new RegExp(
  String.raw`(?<![\p{L}\p{N}_\]])(?:Calle|C\/|Avenida|Avda\.?|Paseo|Carrer|Rua|Via|Viale|Piazza|Corso|Largo)[ \t]+(?:(?:de|del|la|las|los|di|della|delle|dei|do|da|dos|das)[ \t]+){0,3}${CAPITALISED}(?:[ \t]${CAPITALISED}){0,2},?[ \t]+(?:n[º°o]\.?[ \t]*)?\d{1,4}[a-zA-Z]?${ADDRESS_END}`,
  'gu',
);
const PO_BOX = new RegExp(
  String.raw`(?<![\p{L}\p{N}_\]])(?:P\.?[ \t]?O\.?[ \t]?Box|Post[ \t]+Office[ \t]+Box|Postfach)[ \t]*#?[ \t]*\d{1,7}${ADDRESS_END}`,
  'giu',
);

// -----------------------------------------------------------------------------------------------------------

/**
 * Order matters: the most specific shapes go first, so e.g. an IBAN's digits are gone before the card and
 * phone passes look, and an IPv4 address embedded in an IPv6 one is taken with it. Addresses go before
 * phones so a phone pass never sees digits that a later pass would replace. Together with every pattern
 * refusing to start right after a placeholder's "]" (or end right before a "["), where it would also have
 * refused the digit or letter that stood there, this is what makes redacting redacted text a no-op.
 */
const DIGIT_PASSES: Pass[] = [
  { kind: 'iban', re: IBAN, decide: decideIban },
  { kind: 'ip', re: IPV6, decide: decideIpv6 },
  { kind: 'ip', re: IPV4, decide: decideIpv4 },
  { kind: 'card', re: DIGIT_RUN, decide: decideCard },
  { kind: 'address', re: ADDRESS_ENGLISH, decide: decideEnglishAddress },
  { kind: 'address', re: ADDRESS_ENGLISH_LOWER, decide: decideLowerAddress },
  { kind: 'address', re: ADDRESS_FRENCH, decide: whole('address') },
  { kind: 'address', re: ADDRESS_GERMANIC, decide: whole('address') },
  { kind: 'address', re: ADDRESS_ROMANCE, decide: whole('address') },
  { kind: 'address', re: PO_BOX, decide: whole('address') },
  { kind: 'phone', re: PHONE_INTERNATIONAL, decide: decideInternational },
  { kind: 'phone', re: PHONE_NANP, decide: decideNanp },
  { kind: 'phone', re: PHONE_NATIONAL, decide: decideNational },
  { kind: 'phone', re: PHONE_KEYWORD, decide: decideKeywordPhone },
];

function runPass(text: string, pass: Pass, found: Partial<Record<PiiKind, number>>): string {
  const { re, decide, kind } = pass;
  re.lastIndex = 0;
  let out = '';
  let copied = 0;
  let changed = false;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const hit = decide(m, text);
    if (hit === undefined) {
      // A rejected candidate may hide a real one starting inside it; the lookbehinds keep this retry linear.
      re.lastIndex = m.index + 1;
      continue;
    }
    out += text.slice(copied, m.index) + hit.replacement;
    copied = m.index + m[0].length;
    changed = true;
    found[kind] = (found[kind] ?? 0) + hit.count;
  }
  // Untouched text comes back as the very same string: no copy for the common no-PII case.
  return changed ? out + text.slice(copied) : text;
}

/** Replaces PII with typed placeholders: [email], [phone], [card], [iban], [ip], [address]. */
export function redactPii(text: string): Redaction {
  const found: Partial<Record<PiiKind, number>> = {};
  let result = text;
  if (result.includes('@'))
    result = runPass(result, { kind: 'email', re: EMAIL, decide: decideEmail }, found);
  if (OBFUSCATED_AT.test(result)) {
    result = runPass(result, { kind: 'email', re: EMAIL_OBFUSCATED, decide: decideEmail }, found);
  }
  if (HAS_DIGIT.test(result)) {
    for (const pass of DIGIT_PASSES) result = runPass(result, pass, found);
  }
  return { text: result, found };
}
