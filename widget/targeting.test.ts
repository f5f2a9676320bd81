import { describe, expect, it } from 'vitest';
import { parseOptions, retryDelayMs, scrolledPercent, urlMatches } from './targeting.ts';

describe('the widget’s options', () => {
  it('reads every data attribute, and calls Heed where the script came from', () => {
    expect(
      parseOptions(
        {
          key: 'heed_pk_abc',
          survey: 'S',
          url: '/pricing  /checkout/*',
          delay: '5',
          scroll: '40',
          returning: '',
          triggerEvent: 'checkout_completed',
          cooldownDays: '7',
          position: 'left',
          color: '#0a0',
        },
        'https://heed.example.com/widget.js?v=2',
      ),
    ).toEqual({
      key: 'heed_pk_abc',
      api: 'https://heed.example.com/',
      survey: 'S',
      mode: 'survey',
      urls: ['/pricing', '/checkout/*'],
      delayS: 5,
      scrollPercent: 40,
      returningOnly: true,
      triggerEvent: 'checkout_completed',
      cooldownDays: 7,
      position: 'left',
      label: 'Feedback',
      color: '#0a0',
    });
  });

  it('falls back to defaults for missing or nonsensical values and keeps a proxy’s path prefix', () => {
    const options = parseOptions(
      { key: 'k', delay: 'soon', scroll: '250', returning: 'false', mode: 'feedback', label: 'Ideas?' },
      'https://example.com/heed/widget.js',
    );
    expect(options).toMatchObject({
      api: 'https://example.com/heed/',
      delayS: 0,
      scrollPercent: 100,
      returningOnly: false,
      mode: 'feedback',
      label: 'Ideas?',
      cooldownDays: 30,
      position: 'right',
    });
    expect(
      parseOptions({ key: 'k', api: 'https://api.example.com/base' }, 'https://cdn.example/w.js').api,
    ).toBe('https://api.example.com/base/');
  });
});

describe('matching the page', () => {
  it('shows everywhere without patterns', () => {
    expect(urlMatches([], '/anything')).toBe(true);
  });
  it('matches a pattern without * as a substring, and a glob over the whole path', () => {
    expect(urlMatches(['/pricing'], '/en/pricing/teams')).toBe(true);
    expect(urlMatches(['/checkout/*'], '/checkout/done')).toBe(true);
    expect(urlMatches(['/checkout/*'], '/en/checkout/done')).toBe(false);
    expect(urlMatches(['*/done'], '/en/checkout/done')).toBe(true);
    expect(urlMatches(['/a.b*'], '/axb')).toBe(false);
    expect(urlMatches(['/blog', '/docs/*'], '/docs/api')).toBe(true);
  });
});

describe('scroll depth', () => {
  it('counts the bottom of the window against the page height', () => {
    expect(scrolledPercent(0, 800, 4000)).toBe(20);
    expect(scrolledPercent(1200, 800, 4000)).toBe(50);
    expect(scrolledPercent(5000, 800, 4000)).toBe(100);
  });
  it('treats a page shorter than the window as read whole', () => {
    expect(scrolledPercent(0, 800, 600)).toBe(100);
  });
});

describe('retrying a queued answer', () => {
  it('waits 5 s after the first failure, doubling up to 10 minutes', () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(retryDelayMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 320_000, 600_000, 600_000,
    ]);
  });
});
