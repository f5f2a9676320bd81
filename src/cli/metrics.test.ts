import { describe, expect, it } from 'vitest';
import { alignedTable, metricTable } from './metrics.ts';

describe('CLI metric tables', () => {
  it('aligns columns, right-aligns numbers and shows a dash for missing values', () => {
    expect(
      alignedTable(
        ['segment', 'NPS', 'n'],
        [
          ['enterprise', 42.25, 1200],
          ['smb', null, 7],
        ],
      ),
    ).toBe(['segment      NPS      n', 'enterprise  42.3  1,200', 'smb            —      7'].join('\n'));
  });

  it('prints NPS per group with its margin and the significance of the change', () => {
    const result = {
      from: '2026-01-01',
      to: '2026-03-31',
      nps: 30,
      marginOfError: 15.3,
      n: 100,
      groups: [{ group: 'smb', nps: 30, marginOfError: 15.3, n: 100 }],
      comparison: {
        previous: { from: '2025-10-03', to: '2025-12-31' },
        change: { difference: 12, pValue: 0.0412, significant: true },
      },
    };
    // The first column is as wide as its longest cell, the "all (…)" row.
    expect(metricTable('nps', result).split('\n')).toEqual([
      '                               NPS  margin (95%)    n',
      'smb                             30  ±15.3         100',
      'all (2026-01-01 – 2026-03-31)   30  ±15.3         100',
      '',
      'Change against 2025-10-03 – 2025-12-31: 12 (p = 0.041; significant)',
    ]);
  });
});
