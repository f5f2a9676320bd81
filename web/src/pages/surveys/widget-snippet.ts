// The widget's embed snippet from the targeting chosen in the Distribute form: exactly the data-* attributes
// widget/targeting.ts reads (parseOptions), escaped for an HTML attribute, and the problems to fix first.

export interface WidgetTargeting {
  /** A publishable key (heed_pk_…); empty puts a placeholder in the snippet. */
  key: string;
  /** Paths the survey may show on, space-separated; `*` globs over the whole path, else a substring. */
  urls: string;
  /** Seconds after the page loads (or after the trigger event). */
  delaySeconds: string;
  /** Percent of the page scrolled. */
  scrollPercent: string;
  returningOnly: boolean;
  /** Wait for heed.push(['track', event]). */
  triggerEvent: string;
  /** After it was shown, not again in this browser for this many days (the widget's default: 30). */
  cooldownDays: string;
  position: 'right' | 'left';
  /** An accent colour such as #3b4fd8; empty keeps the widget's own. */
  color: string;
  /** Add the line that names the signed-in customer, so the fatigue cap and their answers follow them. */
  identify: boolean;
}

export const defaultTargeting: WidgetTargeting = {
  key: '',
  urls: '',
  delaySeconds: '5',
  scrollPercent: '',
  returningOnly: false,
  triggerEvent: '',
  cooldownDays: '30',
  position: 'right',
  color: '',
  identify: false,
};

/** What the snippet says where no key was given: the site owner pastes theirs. */
export const keyPlaceholder = 'heed_pk_YOUR_PUBLISHABLE_KEY';

const widgetDefaultCooldownDays = 30;

/** Escapes text for a double-quoted HTML attribute. */
export function attribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

const isWhole = (text: string) => /^\d+$/.test(text.trim());

/** Problems by field name, in the form's order; the snippet is only offered when there are none. */
export function targetingProblems(targeting: WidgetTargeting): Map<keyof WidgetTargeting, string> {
  const problems = new Map<keyof WidgetTargeting, string>();
  const key = targeting.key.trim();
  if (key && !/^heed_pk_[A-Za-z0-9_-]+$/.test(key))
    problems.set(
      'key',
      key.startsWith('heed_sk_')
        ? 'That is a secret key: never put it in a web page. Use a publishable key (heed_pk_…).'
        : 'A publishable key starts with heed_pk_.',
    );
  if (/["<>]/.test(targeting.urls))
    problems.set('urls', 'Give paths such as /pricing or /checkout/*, separated by spaces.');
  const delay = targeting.delaySeconds.trim();
  if (delay && (!isWhole(delay) || Number(delay) > 86_400))
    problems.set('delaySeconds', 'Enter whole seconds from 0 to 86,400 (a day).');
  const scroll = targeting.scrollPercent.trim();
  if (scroll && (!isWhole(scroll) || Number(scroll) > 100))
    problems.set('scrollPercent', 'Enter a whole percentage from 0 to 100.');
  if (/\s/.test(targeting.triggerEvent.trim()))
    problems.set('triggerEvent', 'Use an event name without spaces, such as checkout_completed.');
  const cooldown = targeting.cooldownDays.trim();
  if (cooldown && (!isWhole(cooldown) || Number(cooldown) > 3650))
    problems.set('cooldownDays', 'Enter whole days from 0 to 3,650.');
  if (targeting.color && !/^#[0-9a-fA-F]{6}$/.test(targeting.color))
    problems.set('color', 'Choose a colour such as #3b4fd8.');
  return problems;
}

/**
 * The HTML to paste before </body>: the widget's script tag for the survey with the chosen targeting, and,
 * when asked, the line that identifies the signed-in customer (its values for the site to fill in).
 */
export function widgetSnippet(scriptUrl: string, surveyId: string, targeting: WidgetTargeting): string {
  const attributes: Array<[string, string]> = [
    ['src', scriptUrl],
    ['data-key', targeting.key.trim() || keyPlaceholder],
    ['data-survey', surveyId],
  ];
  const urls = targeting.urls.trim().split(/\s+/).filter(Boolean).join(' ');
  if (urls) attributes.push(['data-url', urls]);
  const delay = targeting.delaySeconds.trim();
  if (delay && Number(delay) > 0) attributes.push(['data-delay', String(Number(delay))]);
  const scroll = targeting.scrollPercent.trim();
  if (scroll && Number(scroll) > 0) attributes.push(['data-scroll', String(Number(scroll))]);
  if (targeting.returningOnly) attributes.push(['data-returning', 'true']);
  const event = targeting.triggerEvent.trim();
  if (event) attributes.push(['data-trigger-event', event]);
  const cooldown = targeting.cooldownDays.trim();
  if (cooldown && Number(cooldown) !== widgetDefaultCooldownDays)
    attributes.push(['data-cooldown-days', String(Number(cooldown))]);
  if (targeting.position === 'left') attributes.push(['data-position', 'left']);
  if (targeting.color) attributes.push(['data-color', targeting.color]);
  const tag = `<script ${attributes.map(([name, value]) => `${name}="${attribute(value)}"`).join(' ')} async></script>`;
  if (!targeting.identify) return tag;
  return `<script>window.heed = window.heed || []; heed.push(['identify', { external_id: 'YOUR_CUSTOMER_ID', email: 'customer@example.com' }]);</script>\n${tag}`;
}

/** The call the site makes when the trigger event happens. */
export function trackCall(event: string): string {
  return `window.heed = window.heed || []; heed.push(['track', ${JSON.stringify(event.trim())}]);`;
}
