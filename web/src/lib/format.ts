// How figures read everywhere in the dashboard: one set of formats, in the browser's language.

const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatCount = (value: number) => whole.format(value);
export const formatOneDecimal = (value: number) => oneDecimal.format(value);
export const formatTwoDecimals = (value: number) => twoDecimals.format(value);
/** A signed whole number: +12, −3, 0. */
export const formatSigned = (value: number) => `${value > 0 ? '+' : ''}${whole.format(value)}`;
export const formatPercent = (value: number) => `${oneDecimal.format(value)}%`;
export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));

export function formatMoney(value: number, currency = 'USD') {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 }).format(
    value,
  );
}
