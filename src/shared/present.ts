// Turning stored rows into API objects: timestamps as ISO strings, internal columns left out.
type Presented<Row> = {
  [K in keyof Row]: Row[K] extends Date ? string : Row[K] extends Date | null ? string | null : Row[K];
};

export function presentRow<Row extends object, Omitted extends keyof Row = never>(
  row: Row,
  omit: readonly Omitted[] = [],
): Omit<Presented<Row>, Omitted> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if ((omit as readonly string[]).includes(key)) continue;
    result[key] = value instanceof Date ? value.toISOString() : value;
  }
  return result as Omit<Presented<Row>, Omitted>;
}
