// `heed import events FILE.csv`: CSV rows (sign-ups, purchases, cancellations, churn) → lifecycle and revenue events.
import { type EventInput, eventInput, eventTypes, maxEventBatchSize } from '../domains/events/schema.ts';
import type { FieldProblem } from '../errors.ts';
import type { Services } from '../services.ts';
import {
  addProblem,
  type CheckedRow,
  type ColumnMapping,
  type CsvImportOptions,
  cellOf,
  type ImportSummary,
  importCsv,
  problemOf,
  quote,
  timestampOf,
  writeBatchOrAlone,
} from './csv-import.ts';

export interface EventMapping {
  type: string;
  name?: string;
  externalId?: string;
  email?: string;
  segment?: string;
  amount?: string;
  currency?: string;
  occurredAt?: string;
}

/** How the amount column is written: minor units as the API takes them (1999), or major units (19.99). */
export type AmountUnit = 'minor' | 'major';

export interface EventImportOptions extends CsvImportOptions {
  mapping: EventMapping;
  amountIn?: AmountUnit;
}

type Field = keyof EventMapping;

const fieldOfPath: Record<string, Field> = {
  type: 'type',
  name: 'name',
  amount: 'amount',
  currency: 'currency',
  occurred_at: 'occurredAt',
  customer: 'externalId',
  'customer.id': 'externalId',
  'customer.external_id': 'externalId',
  'customer.email': 'email',
  'customer.segment': 'segment',
};

export function importEvents(
  services: Services,
  workspaceId: string,
  file: string,
  options: EventImportOptions,
): Promise<ImportSummary> {
  const amountIn = options.amountIn ?? 'minor';
  return importCsv(
    file,
    {
      noun: 'event',
      mapping: options.mapping,
      required: [{ field: 'type', flag: '--type-column' }],
      fieldOfPath,
      check: (record, columns) => checkRow(record, columns, amountIn),
      write: (inputs) =>
        writeBatchOrAlone(
          inputs,
          async (batch) => {
            const { body } = await services.events.recordEvents(workspaceId, batch, true);
            if (!('results' in body)) throw new Error('A batch write answers with its results.');
            return body;
          },
          /^events\[\d+\]\.?/,
        ),
      stored: (sourceIds) => services.events.storedSourceIds(workspaceId, sourceIds),
    },
    { ...options, batchSize: Math.min(options.batchSize ?? maxEventBatchSize, maxEventBatchSize) },
  );
}

function checkRow(
  record: Record<string, string>,
  columns: ColumnMapping<Field>,
  amountIn: AmountUnit,
): CheckedRow<EventInput> {
  const problems: FieldProblem[] = [];
  const externalId = cellOf(record, columns.externalId);
  const email = cellOf(record, columns.email);
  if (externalId === undefined && email === undefined)
    addProblem(problems, {
      path: 'customer',
      message: 'is empty; an event needs its customer (a customer id or e-mail column)',
    });
  const currency = cellOf(record, columns.currency)?.toUpperCase();
  const amountText = cellOf(record, columns.amount);
  const amount = amountText === undefined ? undefined : amountOf(amountText, amountIn, currency);
  if (typeof amount === 'object') addProblem(problems, { path: 'amount', message: amount.problem });
  const type = cellOf(record, columns.type)?.toLowerCase();
  const candidate = {
    type,
    name: cellOf(record, columns.name),
    customer:
      externalId !== undefined || email !== undefined
        ? { external_id: externalId, email, segment: cellOf(record, columns.segment) }
        : undefined,
    amount: typeof amount === 'number' ? amount : undefined,
    currency,
    occurred_at: timestampOf(cellOf(record, columns.occurredAt)),
  };
  if (type === undefined)
    addProblem(problems, { path: 'type', message: `is empty; one of ${eventTypes.join(', ')}` });
  const parsed = eventInput.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) addProblem(problems, problemOf(issue, ['occurred_at']));
  if (problems.length > 0 || !parsed.success) return { problems };
  return { input: parsed.data };
}

/** An amount cell in minor units (cents), read exactly from its digits: no floating point on money. */
function amountOf(
  text: string,
  unit: AmountUnit,
  currency: string | undefined,
): number | { problem: string } {
  if (unit === 'minor') {
    if (/^\d+$/.test(text)) return Number(text);
    return {
      problem: `must be a whole number of minor units (cents), not ${quote(text)}; for amounts such as 19.99 use --amount-in major`,
    };
  }
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return { problem: `must be an amount such as 19.99, not ${quote(text)}` };
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency))
    return { problem: 'cannot be read in major units without a currency' };
  const digits = minorDigitsOf(currency);
  const fraction = match[2] ?? '';
  if (fraction.length > digits)
    return { problem: `has more decimals than ${currency} has (${digits}): ${quote(text)}` };
  return Number(match[1] + fraction.padEnd(digits, '0'));
}

/** How many minor-unit digits a currency has (2 for USD, 0 for JPY, 3 for KWD), as ICU knows it. */
function minorDigitsOf(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}
