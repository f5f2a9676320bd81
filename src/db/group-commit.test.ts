import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GroupCommit', () => {
  it('writes concurrent submissions in one group and answers each with its own result', async () => {
    const groups: number[][] = [];
    const writer = new GroupCommit<number, number>({
      maxWaitMs: 5,
      maxWeight: 100,
      concurrency: 1,
      write: async (items) => {
        groups.push(items);
        return items.map((item) => item * 10);
      },
    });
    const results = await Promise.all([1, 2, 3, 4].map((item) => writer.submit(item)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(groups).toEqual([[1, 2, 3, 4]]);
  });

  it('never puts more than maxWeight into one group, counting each item by its weight', async () => {
    const groups: number[][] = [];
    const writer = new GroupCommit<number, number>({
      maxWaitMs: 5,
      maxWeight: 10,
      concurrency: 1,
      weightOf: (item) => item,
      write: async (items) => {
        groups.push(items);
        await tick(1);
        return items;
      },
    });
    await Promise.all([6, 3, 4, 5, 2].map((item) => writer.submit(item)));
    for (const group of groups) expect(group.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10);
    expect(groups.flat().sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it('fails only the item whose write fails, retrying its neighbours alone', async () => {
    const writer = new GroupCommit<number, number>({
      maxWaitMs: 5,
      maxWeight: 100,
      concurrency: 1,
      write: async (items) => {
        if (items.includes(13)) throw new Error('unlucky');
        return items;
      },
    });
    const outcomes = await Promise.allSettled([12, 13, 14].map((item) => writer.submit(item)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('keeps at most `concurrency` groups in flight and gathers what arrives meanwhile', async () => {
    let inFlight = 0;
    let most = 0;
    const groups: number[][] = [];
    const writer = new GroupCommit<number, number>({
      maxWaitMs: 1,
      maxWeight: 1000,
      concurrency: 2,
      write: async (items) => {
        inFlight++;
        most = Math.max(most, inFlight);
        groups.push(items);
        await tick(10);
        inFlight--;
        return items;
      },
    });
    const pending: Promise<number>[] = [];
    for (let i = 0; i < 50; i++) {
      pending.push(writer.submit(i));
      if (i % 10 === 0) await tick(3);
    }
    await Promise.all(pending);
    await writer.drain();
    expect(most).toBeLessThanOrEqual(2);
    expect(groups.length).toBeLessThan(50);
    expect(groups.flat().sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });
});
