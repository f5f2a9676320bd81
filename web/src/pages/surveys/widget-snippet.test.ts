// @vitest-environment happy-dom
// The snippet must be what the widget really reads: each one is parsed as HTML and its script tag's dataset
// handed to the widget's own parseOptions (widget/targeting.ts).
import { describe, expect, it } from 'vitest';
import { parseOptions, urlMatches } from '../../../../widget/targeting.ts';
import {
  attribute,
  defaultTargeting,
  keyPlaceholder,
  targetingProblems,
  trackCall,
  type WidgetTargeting,
  widgetSnippet,
} from './widget-snippet.ts';

const scriptUrl = 'https://heed.example.com/widget.js';
const surveyId = '01a22be1-fbdd-7127-bb8a-d9cd467ef7c3';

/** The script tags of a snippet as a browser parses them. */
function scriptsOf(snippet: string): HTMLScriptElement[] {
  const document = new DOMParser().parseFromString(`<!doctype html><body>${snippet}</body>`, 'text/html');
  return [...document.querySelectorAll('script')];
}

function optionsOf(targeting: Partial<WidgetTargeting>) {
  const snippet = widgetSnippet(scriptUrl, surveyId, { ...defaultTargeting, ...targeting });
  const script = scriptsOf(snippet).find((tag) => tag.src) as HTMLScriptElement;
  return { snippet, options: parseOptions({ ...script.dataset }, script.src), script };
}

describe('the widget snippet', () => {
  it('names the survey and the key, loads the widget from Heed, and asks after 5 seconds by default', () => {
    const { snippet, options, script } = optionsOf({ key: 'heed_pk_abc123' });
    expect(snippet).toBe(
      `<script src="${scriptUrl}" data-key="heed_pk_abc123" data-survey="${surveyId}" data-delay="5" async></script>`,
    );
    expect(script.async).toBe(true);
    expect(options).toEqual({
      key: 'heed_pk_abc123',
      api: 'https://heed.example.com/',
      survey: surveyId,
      mode: 'survey',
      urls: [],
      delayS: 5,
      scrollPercent: 0,
      returningOnly: false,
      triggerEvent: undefined,
      cooldownDays: 30,
      position: 'right',
      label: 'Feedback',
      color: undefined,
    });
  });

  it('carries every targeting option the widget reads, as it reads them', () => {
    const { options } = optionsOf({
      key: 'heed_pk_abc123',
      urls: '  /pricing   /checkout/* ',
      delaySeconds: '12',
      scrollPercent: '40',
      returningOnly: true,
      triggerEvent: 'checkout_completed',
      cooldownDays: '7',
      position: 'left',
      color: '#12a37f',
    });
    expect(options).toMatchObject({
      urls: ['/pricing', '/checkout/*'],
      delayS: 12,
      scrollPercent: 40,
      returningOnly: true,
      triggerEvent: 'checkout_completed',
      cooldownDays: 7,
      position: 'left',
      color: '#12a37f',
    });
    expect(urlMatches(options.urls, '/checkout/payment')).toBe(true);
    expect(urlMatches(options.urls, '/blog')).toBe(false);
  });

  it('puts a placeholder where no key was given, and the identify call first when asked', () => {
    const { snippet, options } = optionsOf({ identify: true });
    expect(options.key).toBe(keyPlaceholder);
    const [identify, widget] = scriptsOf(snippet);
    expect(identify.src).toBe('');
    expect(identify.textContent).toContain("heed.push(['identify'");
    expect(widget.src).toBe(scriptUrl);
  });

  it('keeps whatever is typed inside its attribute: nothing breaks out of the tag', () => {
    const hostile = 'x" onload="alert(1)"><img src=x onerror=alert(2)>';
    const { options, snippet } = optionsOf({ urls: '/ok', triggerEvent: hostile.replaceAll(' ', '') });
    expect(scriptsOf(snippet)).toHaveLength(1);
    expect(snippet).not.toContain('<img');
    expect(options.triggerEvent).toBe(hostile.replaceAll(' ', ''));
    expect(attribute('a&"<>')).toBe('a&amp;&quot;&lt;&gt;');
  });

  it('names each field it cannot turn into a working snippet', () => {
    expect(
      targetingProblems({
        ...defaultTargeting,
        key: 'heed_sk_secret',
        urls: '/a"',
        delaySeconds: '-1',
        scrollPercent: '101',
        triggerEvent: 'two words',
        cooldownDays: 'soon',
        color: 'red',
      }),
    ).toEqual(
      new Map([
        ['key', 'That is a secret key: never put it in a web page. Use a publishable key (heed_pk_…).'],
        ['urls', 'Give paths such as /pricing or /checkout/*, separated by spaces.'],
        ['delaySeconds', 'Enter whole seconds from 0 to 86,400 (a day).'],
        ['scrollPercent', 'Enter a whole percentage from 0 to 100.'],
        ['triggerEvent', 'Use an event name without spaces, such as checkout_completed.'],
        ['cooldownDays', 'Enter whole days from 0 to 3,650.'],
        ['color', 'Choose a colour such as #3b4fd8.'],
      ]),
    );
    expect(targetingProblems(defaultTargeting).size).toBe(0);
  });

  it('writes the track call the page makes for a trigger event', () => {
    expect(trackCall(' checkout_completed ')).toBe(
      `window.heed = window.heed || []; heed.push(['track', "checkout_completed"]);`,
    );
  });
});
