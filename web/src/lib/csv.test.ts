import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV for downloads', () => {
  it('quotes cells with commas, quotes and line breaks, and leaves plain ones bare', () => {
    expect(
      toCsv(
        ['name', 'note'],
        [
          ['Ada', 'said "hi", then left\nearly'],
          ['Bo', 12.5],
        ],
      ),
    ).toBe('name,note\r\nAda,"said ""hi"", then left\nearly"\r\nBo,12.5\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
  });
});
