// A stable order for keys: concurrent transactions that lock rows in the same order cannot deadlock.
export const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
