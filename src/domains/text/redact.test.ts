// Tests for PII redaction: a hand-written corpus of positives and look-alikes, counts, edges and properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidIban, luhnValid, type PiiKind, redactPii } from './redact.ts';

describe('redactPii redacts', () => {
  it.each<[string, string, string, PiiKind]>([
    // e-mail
    ['a plain address', 'Contact me at jane.doe@example.com please', 'Contact me at [email] please', 'email'],
    ['plus-addressing and a subdomain', 'john+support@mail.example.co.uk', '[email]', 'email'],
    [
      'digits and dashes, before a full stop',
      'reply to ops-team2@eu.mail.acme-corp.io.',
      'reply to [email].',
      'email',
    ],
    [
      'an accented address in angle brackets',
      'From: "Jörg" <jörg.müller@beispiel.de>',
      'From: "Jörg" <[email]>',
      'email',
    ],
    ['an upper-case address', 'JOHN.SMITH@EXAMPLE.COM wrote', '[email] wrote', 'email'],
    ['"(at)" and "(dot)" obfuscation', 'write to anna (at) example (dot) org', 'write to [email]', 'email'],
    ['"[at]" obfuscation', 'bob[at]example.com', '[email]', 'email'],
    // phone
    ['a UK number in international format', 'call +44 20 7946 0958', 'call [phone]', 'phone'],
    [
      'a US number with country code and parentheses',
      'call +1 (415) 555-2671 now',
      'call [phone] now',
      'phone',
    ],
    ['a 00-prefixed international number', 'dial 0044 20 7946 0958', 'dial [phone]', 'phone'],
    ['a "(0)" trunk prefix', 'tel +44 (0)20 7946 0958', 'tel [phone]', 'phone'],
    ['a contiguous international number', 'whatsapp +4915123456789', 'whatsapp [phone]', 'phone'],
    ['a dashed US number', 'my cell is 415-555-2671.', 'my cell is [phone].', 'phone'],
    ['a US number with parentheses and spaces', 'reach (415) 555 2671', 'reach [phone]', 'phone'],
    ['a dotted US number', 'ring 415.555.2671', 'ring [phone]', 'phone'],
    ['a toll-free US number', 'support 1-800-555-0199 was useless', 'support [phone] was useless', 'phone'],
    ['a UK national number', 'landline 020 7946 0958', 'landline [phone]', 'phone'],
    ['a UK national number with parentheses', 'office (020) 7946 0958', 'office [phone]', 'phone'],
    ['a French number in pairs', 'portable 06 12 34 56 78', 'portable [phone]', 'phone'],
    ['a French number with dots', 'portable 06.12.34.56.78', 'portable [phone]', 'phone'],
    ['a UK mobile after "Mobile:"', 'Mobile: 07700 900123', 'Mobile: [phone]', 'phone'],
    ['a bare 10-digit number after "call me at"', 'call me at 4155552671', 'call me at [phone]', 'phone'],
    ['a slashed German number after "tel."', 'tel. 030/123456', 'tel. [phone]', 'phone'],
    // card
    ['a Visa number in groups of 4', 'card 4111 1111 1111 1111 declined', 'card [card] declined', 'card'],
    ['a Visa number with dashes', 'card 4111-1111-1111-1111', 'card [card]', 'card'],
    ['a contiguous Mastercard number', 'mc 5555555555554444', 'mc [card]', 'card'],
    ['a 2-series Mastercard number', 'new card 2223 0031 2200 3222', 'new card [card]', 'card'],
    ['an Amex number grouped 4-6-5', 'amex 3782 822463 10005', 'amex [card]', 'card'],
    ['a 13-digit Visa number', 'old visa 4222222222222', 'old visa [card]', 'card'],
    ['a 14-digit Diners number', 'diners 3056 9309 0259 04', 'diners [card]', 'card'],
    ['a 19-digit UnionPay number', 'unionpay 6212 3456 7890 1234 569', 'unionpay [card]', 'card'],
    ['a card followed by a count', 'charged 4111 1111 1111 1111 2 times', 'charged [card] 2 times', 'card'],
    // iban
    ['a German IBAN in groups', 'IBAN: DE89 3704 0044 0532 0130 00.', 'IBAN: [iban].', 'iban'],
    ['a contiguous German IBAN', 'DE89370400440532013000', '[iban]', 'iban'],
    [
      'a UK IBAN with letters in the BBAN',
      'pay GB82 WEST 1234 5698 7654 32 today',
      'pay [iban] today',
      'iban',
    ],
    ['a French IBAN with a letter near the end', 'FR14 2004 1010 0505 0001 3M02 606', '[iban]', 'iban'],
    ['a contiguous Dutch IBAN', 'rekening NL91ABNA0417164300', 'rekening [iban]', 'iban'],
    ['an IBAN followed by an upper-case word', 'BE68 5390 0754 7034 THANKS', '[iban] THANKS', 'iban'],
    // ip
    ['a private IPv4 address', 'router at 192.168.1.1', 'router at [ip]', 'ip'],
    ['an IPv4 address with a port', 'from 10.0.0.255:8080', 'from [ip]:8080', 'ip'],
    ['an IPv4 address ending a sentence', 'server IP: 8.8.8.8.', 'server IP: [ip].', 'ip'],
    ['a full IPv6 address', 'host 2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'host [ip]', 'ip'],
    ['a compressed IPv6 address', 'via 2001:db8::ff00:42:8329.', 'via [ip].', 'ip'],
    ['a link-local IPv6 address', 'fe80::1 is down', '[ip] is down', 'ip'],
    ['an IPv4-mapped IPv6 address', 'client ::ffff:192.0.2.128', 'client [ip]', 'ip'],
    // address
    ['a house number with a letter', 'I live at 221B Baker Street.', 'I live at [address].', 'address'],
    ['an abbreviated avenue', 'ship to 1600 Amsterdam Ave', 'ship to [address]', 'address'],
    [
      'an abbreviated street before a full stop',
      'Send it to 10 Downing St. Thanks',
      'Send it to [address]. Thanks',
      'address',
    ],
    ['an ordinal street name', 'the store at 725 5th Avenue', 'the store at [address]', 'address'],
    ['a UK address with city and postcode', '221B Baker Street, London NW1 6XE', '[address]', 'address'],
    [
      'a US address with city, state and ZIP',
      '1600 Amsterdam Ave, New York, NY 10023',
      '[address]',
      'address',
    ],
    ['a French address', 'livré au 12 rue de la Paix hier', 'livré au [address] hier', 'address'],
    ['a French address with postcode', '5 avenue des Champs-Élysées, 75008 Paris', '[address]', 'address'],
    ['a German compound street', 'Lieferung an Hauptstraße 5', 'Lieferung an [address]', 'address'],
    ['a German street with postcode and city', 'Hauptstraße 5, 10115 Berlin', '[address]', 'address'],
    ['an abbreviated German street', 'Bahnhofstr. 12a', '[address]', 'address'],
    ['a two-word German street', 'Berliner Straße 17', '[address]', 'address'],
    ['a Dutch street', 'Kerkstraat 10', '[address]', 'address'],
    ['an Italian street', 'abito in Via Roma 10', 'abito in [address]', 'address'],
    ['a Spanish street', 'Calle Mayor 5', '[address]', 'address'],
    ['a P.O. box', 'P.O. Box 123', '[address]', 'address'],
    ['a lower-case PO box', 'po box 4567', '[address]', 'address'],
    ['an all-lower-case street', 'deliver to 42 baker street pls', 'deliver to [address] pls', 'address'],
  ])('%s', (_name, input, expected, kind) => {
    const result = redactPii(input);
    expect(result.text).toBe(expected);
    expect(result.found).toEqual({ [kind]: 1 });
  });
});

describe('redactPii leaves alone', () => {
  it.each<[string, string]>([
    // dates and times
    ['an ISO date', 'since 2024-03-15 nothing works'],
    ['a European date', 'ordered on 15/03/2024'],
    ['a dotted US date', 'charged 03.15.2024'],
    ['a dashed US date', 'charged 03-15-2024'],
    ['a written date', 'on March 15, 2024 at noon'],
    ['a dotted date with a time', 'am 15.03.2024 14:30 angerufen'],
    ['a 24-hour time', 'at 14:30 sharp'],
    ['a 12-hour time', 'around 2:30pm'],
    ['a time with seconds', 'logged at 10:30:45'],
    ['a time range', 'meeting at 09:00-10:30'],
    ['a year range', 'customer 2019-2024'],
    ['"call me on" a date', 'call me on 2024-03-15'],
    // amounts
    ['a dollar price', 'paid $1,299.99 for this'],
    ['a euro price', 'kostet 1.299,00 €'],
    ['a price with a space as thousands separator', 'coût 1 299,00 €'],
    ['a count with a thousands comma', 'we have 12,000 users'],
    ['a percentage', 'up 15.5% this quarter'],
    ['a signed percentage', '+12% growth'],
    // versions
    ['a v-prefixed version', 'since v2.14.3'],
    ['a three-part version', 'after 10.0.1 it broke'],
    ['a v-prefixed four-part version', 'on v10.0.0.1'],
    ['a four-part version after "version"', 'version 1.2.3.4 crashes'],
    ['a four-part version after "updated to"', 'updated to 4.2.0.1 yesterday'],
    ['a user-agent version', 'Firefox/115.0.2.1'],
    ['a Windows build', 'Windows 10.0.19045.3803'],
    ['a dotted quad with an octet over 255', 'code 999.1.1.1'],
    ['five dotted numbers', 'section 1.2.3.4.5'],
    // ids
    ['an order number', 'order #123456789 is late'],
    ['a dashed ticket number', 'ticket 4532-1123'],
    ['an invoice id', 'see INV-2024-000123'],
    ['a 16-digit order number failing Luhn', 'order 1234567812345678 missing'],
    ['a bare 16-digit number failing Luhn', 'ref code 4532112345678901'],
    ['a Luhn-valid number after "order #"', 'order #4111111111111111'],
    ['a Luhn-valid number after "invoice no."', 'invoice no. 5555555555554444'],
    ['a Luhn-valid number no card starts with', 'number 8888 8888 8888 8888'],
    ['a phone-shaped ticket number', 'ticket 452-345-1123 reopened'],
    ['a parcel tracking id', 'tracking 1Z999AA10123456784'],
    // quantities, products, ratings, short numbers
    ['counts of calls and days', 'I called 3 times in 2 days'],
    ['a duration', 'waited 45 minutes'],
    ['"3 main issues"', 'there are 3 main issues'],
    ['a phone model', 'my iPhone 15 Pro'],
    ['an operating system', 'Windows 11 update'],
    ['a game console', 'PS5 and Xbox Series X'],
    ['a rating out of ten', 'solid 10/10'],
    ['a star rating', '5 stars'],
    ['a decimal rating', 'rated 4.5/5'],
    ['short number sequences', 'steps 1 2 3 4 5 and 123 456'],
    ['an ordinal floor', 'the 2nd floor'],
    ['a room number', 'room 101'],
    ['a 24/7 claim', 'open 24/7'],
    // things that only look like addresses, IPs or e-mails
    ['distance and road', '3 miles down the road'],
    ['lanes on a road', 'a 4 lane road'],
    ['court dates', 'I have 2 court dates'],
    ['travel time by road', 'takes 2 hours by road'],
    ['a counted title-case street name', 'the 3 Amigos Way'],
    ['a ranking before a street name', 'Top 3 Main Street problems'],
    ['a C++ scope', 'uses std::vector'],
    ['a ratio', 'ratio 3:2'],
    ['a handle', '@john said hi'],
    ['an address without a top-level domain', 'root@localhost'],
    ['a German word ending like a street but with a year', 'Spring 2024'],
  ])('%s', (_name, input) => {
    const result = redactPii(input);
    expect(result.text).toBe(input);
    expect(result.found).toEqual({});
  });
});

describe('redactPii on whole comments', () => {
  it('returns text without PII as the very same string', () => {
    const text = 'Great product, but the 2nd update (v2.14.3) broke sync for 3 days. 9/10 would buy again!';
    expect(redactPii(text).text).toBe(text);
    expect(redactPii('').text).toBe('');
    expect(redactPii('No digits or at-signs here.').found).toEqual({});
  });

  it('counts every kind in a mixed comment', () => {
    const text =
      'Hi, I am jane@example.com (backup: j.doe@mail.example.org), call +44 20 7946 0958 or 415-555-2671. ' +
      'Card 4111 1111 1111 1111 was charged twice, refund to DE89 3704 0044 0532 0130 00. ' +
      'Logged in from 192.168.1.1 and 2001:db8::1, ship to 221B Baker Street. Order #123456789, v2.14.3.';
    expect(redactPii(text)).toEqual({
      text:
        'Hi, I am [email] (backup: [email]), call [phone] or [phone]. ' +
        'Card [card] was charged twice, refund to [iban]. ' +
        'Logged in from [ip] and [ip], ship to [address]. Order #123456789, v2.14.3.',
      found: { email: 2, phone: 2, card: 1, iban: 1, ip: 2, address: 1 },
    });
  });

  it('redacts several items of one kind next to each other', () => {
    expect(redactPii('4111 1111 1111 1111 4111 1111 1111 1111')).toEqual({
      text: '[card] [card]',
      found: { card: 2 },
    });
    expect(redactPii('a@example.com,b@example.com;c@example.com')).toEqual({
      text: '[email],[email];[email]',
      found: { email: 3 },
    });
  });

  it('redacts PII at the very start and end of the text and next to punctuation', () => {
    expect(redactPii('jane@example.com').text).toBe('[email]');
    expect(redactPii('4111111111111111').text).toBe('[card]');
    expect(redactPii('(+1 415-555-2671)').text).toBe('([phone])');
    expect(redactPii('"192.168.0.1"').text).toBe('"[ip]"');
    expect(redactPii('IP:10.1.2.3, then 10.1.2.4!').text).toBe('IP:[ip], then [ip]!');
    expect(redactPii('mail: jane@example.com?').text).toBe('mail: [email]?');
    expect(redactPii('Card—4111 1111 1111 1111—declined').text).toBe('Card—[card]—declined');
  });

  it('keeps unicode text around PII intact', () => {
    expect(redactPii('Merci ! Écrivez à chloé@exemple.fr 😊 ou au 06 12 34 56 78 — 谢谢')).toEqual({
      text: 'Merci ! Écrivez à [email] 😊 ou au [phone] — 谢谢',
      found: { email: 1, phone: 1 },
    });
    expect(redactPii('Größe passt nicht 🙁, Rücksendung an Hauptstraße 5 bitte').text).toBe(
      'Größe passt nicht 🙁, Rücksendung an [address] bitte',
    );
    expect(redactPii('電話 +81 3 1234 5678 まで').text).toBe('電話 [phone] まで');
  });

  it('handles multi-line support mails', () => {
    const mail =
      'Hello,\n\nplease update my card to 5555 5555 5555 4444.\nThanks,\nJane\n+1 (415) 555-2671\n';
    expect(redactPii(mail).text).toBe('Hello,\n\nplease update my card to [card].\nThanks,\nJane\n[phone]\n');
  });
});

describe('redactPii on adversarial input', () => {
  // Each of these would take seconds or hang with a backtracking-prone pattern; here they must simply finish.
  it.each<[string, string, string]>([
    ['a 20,000-digit run', '1'.repeat(20_000), '1'.repeat(20_000)],
    ['20,000 characters of "1."', '1.'.repeat(10_000), '1.'.repeat(10_000)],
    ['20,000 characters of "a@"', 'a@'.repeat(10_000), 'a@'.repeat(10_000)],
    ['20,000 characters of "1 "', '1 '.repeat(10_000), '1 '.repeat(10_000)],
    ['20,000 characters of "1:"', '1:'.repeat(10_000), '1:'.repeat(10_000)],
    ['20,000 characters of "a."', 'a.'.repeat(10_000), 'a.'.repeat(10_000)],
    ['20,000 characters of "Aa "', 'Aa '.repeat(6_667), 'Aa '.repeat(6_667)],
    ['a long dotted domain with no top-level domain', `x@${'a.'.repeat(9_990)}1`, `x@${'a.'.repeat(9_990)}1`],
    [
      'a long run of capitalised words after a number',
      `12 ${'Baker '.repeat(3_000)}`,
      `12 ${'Baker '.repeat(3_000)}`,
    ],
    [
      'cards separated by long digit noise',
      `${'9'.repeat(10_000)} 4111 1111 1111 1111 ${'9'.repeat(10_000)}`,
      `${'9'.repeat(10_000)} [card] ${'9'.repeat(10_000)}`,
    ],
    [
      'many real items in a long text',
      'jane@example.com 192.168.1.1 '.repeat(700),
      '[email] [ip] '.repeat(700),
    ],
  ])('%s', (_name, input, expected) => {
    expect(redactPii(input).text).toBe(expected);
  });
});

describe('redactPii on glued items the property tests once broke', () => {
  it.each<[string, string]>([
    ['jane@example.com.DE89370400440532013000', '[email].[iban]'],
    ['anna (at) example (dot) org.DE89 3704 0044 0532 0130 00', '[email].[iban]'],
    ['4111 1111 1111 1111 221B Baker Street', '[card] [address]'],
    ['4921-3747-6207-9611-6', '[card]'],
    ['415-555-2671+44 20 7946 0958', '[phone]+44 20 7946 0958'],
    ['+3782 822463 10005/0044 20 7946 0958', '+3782 822463 10005/0044 20 7946 0958'],
  ])('%s', (input, expected) => {
    const once = redactPii(input).text;
    expect(once).toBe(expected);
    expect(redactPii(once).text).toBe(once);
  });
});

describe('validators', () => {
  it('checks Luhn on the published test numbers', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('1234567812345678')).toBe(false);
  });

  it('checks IBANs by country length and mod 97', () => {
    expect(isValidIban('DE89370400440532013000')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('GB82WEST12345698765433')).toBe(false); // wrong check
    expect(isValidIban('DE8937040044053201300')).toBe(false); // one short
    expect(isValidIban('XX89370400440532013000')).toBe(false); // unknown country
  });
});

/** Appends the Luhn check digit to a digit string. */
function withLuhnDigit(body: string): string {
  for (let d = 0; d <= 9; d += 1) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

const SAFE_WORDS = [
  'please',
  'refund',
  'my',
  'card',
  'was',
  'charged',
  'twice',
  'thanks',
  'Müller',
  'the',
  'ok',
];
const wordsArb = fc.array(fc.constantFrom(...SAFE_WORDS), { maxLength: 6 }).map((words) => words.join(' '));
const cardArb = fc
  .tuple(
    fc.integer({ min: 2, max: 6 }),
    fc.integer({ min: 13, max: 19 }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 18, maxLength: 18 }),
    fc.constantFrom('', ' ', '-'),
  )
  .map(([first, length, rest, separator]) => {
    const digits = withLuhnDigit(`${first}${rest.slice(0, length - 2).join('')}`);
    return { digits, written: digits.match(/.{1,4}/g)!.join(separator) };
  });

// biome-ignore format: the fragment list reads better packed
const FRAGMENTS = [
  'jane@example.com', 'x@y.co', 'é@ü.de', 'anna (at) example (dot) org', '(at)', 'com',
  '4111 1111 1111 1111', '4111111111111111', '5555-5555-5555-4444', '3782 822463 10005',
  'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'THANKS',
  '192.168.1.1', '10.0.0.1', 'v1.2.3.4', 'Firefox/', 'fe80::1', '2001:db8::1', '::ffff:192.0.2.128',
  '+44 20 7946 0958', '+1 (415) 555-2671', '0044 20 7946 0958', '415-555-2671', '020 7946 0958', '06 12 34 56 78',
  '07700 900123', 'phone: 4155552671', 'mobile ', 'call me at ',
  '221B Baker Street', 'London NW1 6XE', '1600 Amsterdam', 'Ave', ', New York, NY 10023', '42 baker street',
  'Hauptstraße 5', ', 10115 Berlin', 'Kerkstraat', '12 rue de la Paix', 'Via Roma 10', 'P.O. Box 12', 'Baker',
  'order #', 'v', 'version ', '2024-03-15', '14:30', '$1,299.99', '12', '0', '1', '7', '00', '.', ',', ':', '::',
  '-', '@', '#', '(', ')', '[', ']', '/', '+', ' ', '\t', '\n', 'é', 'St', 'Street', 'a', 'Z',
];
// Pieces are glued without spaces on purpose: the boundaries between PII and its neighbours are where
// redaction can go wrong (a pattern refusing a digit that a later pass turns into "]").
const pieceArb = fc.oneof(
  fc.constantFrom(...FRAGMENTS),
  fc.string({ maxLength: 4 }),
  fc.stringMatching(/^[0-9 .:+()-]{1,6}$/),
);
const textArb = fc.array(pieceArb, { maxLength: 30 }).map((pieces) => pieces.join(''));

describe('redactPii properties', () => {
  it('always redacts a valid Luhn card number between ordinary words', () => {
    fc.assert(
      fc.property(wordsArb, cardArb, wordsArb, (before, card, after) => {
        const text = `${before} ${card.written} ${after}`;
        const result = redactPii(text);
        expect(result.text).toBe(`${before} [card] ${after}`);
        expect(result.found).toEqual({ card: 1 });
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent: redacting redacted text changes nothing', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        const once = redactPii(text).text;
        const twice = redactPii(once);
        expect(twice.text).toBe(once);
        expect(twice.found).toEqual({});
      }),
      { numRuns: 5_000 },
    );
  });

  it('returns PII-free text unchanged and counts nothing', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '.', ',', 'é', '!', '?', 'Z') }),
        (text) => {
          expect(redactPii(text)).toEqual({ text, found: {} });
        },
      ),
    );
  });
});
