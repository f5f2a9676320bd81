// Phone numbers as customers are identified by them: normalised to E.164 ("+14155550134"), so the SMS
// provider's "+14155550134" and a CRM's "+1 (415) 555-0134" are one customer.
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';

/**
 * The E.164 form of a number written in international form ("+…" or "00…"), or null when it is no
 * possible phone number. National forms ("(415) 555-0134") are refused: without a country they are ambiguous.
 */
export function normalisePhone(value: string): string | null {
  const trimmed = value.trim();
  const international = trimmed.startsWith('00') ? `+${trimmed.slice(2)}` : trimmed;
  if (!international.startsWith('+')) return null;
  const parsed = parsePhoneNumberFromString(international);
  // Possible (a plausible length for its country), not "valid": the library's ranges lag new number blocks.
  return parsed?.isPossible() ? parsed.number : null;
}

export const phoneProblem = 'must be a phone number in international form, e.g. +14155550134';

/** A phone number in international form, handed on as E.164. */
export const phone = z
  .string()
  .max(64, 'must be at most 64 characters')
  .transform((value, context) => {
    const normalised = normalisePhone(value);
    if (normalised === null) {
      context.addIssue({ code: 'custom', message: phoneProblem });
      return z.NEVER;
    }
    return normalised;
  })
  .describe('A phone number in international form ("+…"); stored as E.164, e.g. +14155550134');
