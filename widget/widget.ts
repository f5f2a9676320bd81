/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The embeddable widget: one <script> tag shows a survey (or a feedback tab) inside a shadow root, asks
// Heed whether it may, and delivers each answer exactly once even across offline spells and reloads.
import {
  outboxMaxAgeMs,
  parseOptions,
  retryDelayMs,
  scrolledPercent,
  urlMatches,
  type WidgetOptions,
} from './targeting.ts';

/** The minified widget.css, put in by the build. */
declare const HEED_CSS: string;

interface Customer {
  external_id?: string;
  email?: string;
  name?: string;
  traits?: Record<string, unknown>;
}
interface PublicSurvey {
  id: string;
  question: string;
  scale: { min: number; max: number; style: 'numeric' | 'stars' } | null;
  strings: Record<
    'low' | 'high' | 'comment' | 'optional' | 'submit' | 'close' | 'thanks' | 'thanks_body',
    string
  >;
}
/** A submission written to localStorage before it is sent, so a failure or a closed tab cannot lose it. */
interface Queued {
  id: string;
  url: string;
  key: string;
  body: Record<string, unknown>;
  tries: number;
  due: number;
  made: number;
}
type Command = [string, ...unknown[]];
interface HeedWidget {
  loaded: true;
  push: (command: Command) => void;
  identify: (customer: Customer) => void;
  track: (event: string) => void;
  open: () => void;
}

declare global {
  interface Window {
    heed?: HeedWidget | Command[];
  }
}

const dayMs = 86_400_000;
const outboxKey = 'heed:outbox';

// localStorage throws in some private modes and sandboxed frames: the widget then simply forgets.
function load<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
}
function save(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {}
}

/** A random id from getRandomValues, which (unlike randomUUID) also works on plain-http pages. */
function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const name in attrs) node.setAttribute(name, attrs[name]);
  node.append(...children);
  return node;
}

function start(script: HTMLScriptElement): void {
  const options: WidgetOptions = parseOptions({ ...script.dataset }, script.src);
  if (!options.key) {
    console.warn('Heed widget: the script tag needs data-key="heed_pk_…"');
    return;
  }
  let customer: Customer = {};
  let triggered = !options.triggerEvent;
  let onTrigger: (() => void) | undefined;
  let opener: () => void = () => undefined;

  const post = (path: string, body: unknown, idempotencyKey?: string) =>
    fetch(new URL(path, options.api), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.key}`,
        'content-type': 'application/json',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: JSON.stringify(body),
      keepalive: true,
    });

  /** The customer as a reference Heed can look up, or undefined when not identified by id or e-mail. */
  const reference = (full: boolean): Customer | undefined => {
    if (!customer.external_id && !customer.email) return undefined;
    if (full) return customer;
    return { external_id: customer.external_id, email: customer.email };
  };

  // ---- the outbox: write first, send, forget only what Heed acknowledged ----
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = (id: string, change: ((entry: Queued) => Queued) | null) =>
    save(
      outboxKey,
      load<Queued[]>(outboxKey, []).flatMap((entry) =>
        entry.id !== id ? [entry] : change ? [change(entry)] : [],
      ),
    );
  const attempt = async (entry: Queued) => {
    let retry: boolean;
    try {
      const answer = await fetch(entry.url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${entry.key}`,
          'content-type': 'application/json',
          'idempotency-key': entry.id,
        },
        body: JSON.stringify(entry.body),
        keepalive: true,
      });
      // 409: the same key is still in flight from another tab; its answer will be replayed to the next try.
      retry = answer.status >= 500 || answer.status === 429 || answer.status === 409;
      if (!answer.ok && !retry) console.warn(`Heed widget: an answer was refused (${answer.status})`);
    } catch {
      retry = true;
    }
    update(
      entry.id,
      retry ? (e) => ({ ...e, tries: e.tries + 1, due: Date.now() + retryDelayMs(e.tries + 1) }) : null,
    );
  };
  const flush = async (all: boolean) => {
    clearTimeout(timer);
    const now = Date.now();
    for (const entry of load<Queued[]>(outboxKey, [])) {
      if (now - entry.made > outboxMaxAgeMs) update(entry.id, null);
      else if (all || entry.due <= now) await attempt(entry);
    }
    const next = Math.min(...load<Queued[]>(outboxKey, []).map((entry) => entry.due));
    if (Number.isFinite(next)) timer = setTimeout(() => void flush(false), Math.max(1000, next - Date.now()));
  };
  const submit = (path: string, body: Record<string, unknown>) => {
    const id = randomId();
    // source_id makes the answer permanent-unique in Heed, beyond the Idempotency-Key's 24 hours.
    const entry: Queued = {
      id,
      url: new URL(path, options.api).href,
      key: options.key,
      body: {
        ...body,
        channel: 'web',
        source_id: `heed-widget:${id}`,
        submitted_at: new Date().toISOString(),
      },
      tries: 0,
      due: Date.now(),
      made: Date.now(),
    };
    save(outboxKey, [...load<Queued[]>(outboxKey, []), entry]);
    void attempt(entry).then(() => flush(false));
  };
  addEventListener('online', () => void flush(true));
  void flush(false);

  // ---- the card, in a shadow root of its own ----
  const host = document.createElement('heed-widget');
  host.dataset.position = options.position;
  host.dataset.mode = options.mode;
  if (options.color) host.style.setProperty('--a', options.color);
  // Open, not closed: a closed root protects nothing from a page that runs first (it can patch
  // attachShadow), and an open one lets assistive tools, tests and the site's own QA reach the widget.
  const root = host.attachShadow({ mode: 'open' });
  if ('replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(HEED_CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(el('style', {}, HEED_CSS));

  // In the top layer (a manual popover) the page's transforms, filters and stacking contexts cannot
  // rotate, clip or bury the widget; older browsers get a fixed element in <body>.
  const attach = () => {
    document.body.append(host);
    if (host.showPopover) {
      host.popover = 'manual';
      host.showPopover();
    }
  };
  // In feedback mode closing the form brings the tab back; a survey, once closed, is gone for this page.
  let close = () => {
    host.remove();
    removeEventListener('keydown', onEscape);
  };
  const onEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && root.querySelector('.card')) close();
  };
  const card = (label: string, closeLabel: string, ...children: Node[]) => {
    const x = el('button', { type: 'button', class: 'x', 'aria-label': closeLabel }, '×');
    x.onclick = () => close();
    addEventListener('keydown', onEscape);
    return el(
      'div',
      { class: 'card', role: 'dialog', 'aria-labelledby': 'heed-q', 'aria-label': label },
      x,
      ...children,
    );
  };
  const thanks = (title: string, body: string, closeLabel: string) => {
    const heading = el('p', { class: 'q', id: 'heed-q', tabindex: '-1' }, title);
    const done = card(title, closeLabel, heading, el('p', {}, body));
    done.classList.add('still');
    root.replaceChildren(done);
    heading.focus();
    setTimeout(() => heading.isConnected && close(), 8000);
  };

  const showSurvey = (survey: PublicSurvey) => {
    const s = survey.strings;
    let score: number | null = null;
    const comment = el('textarea', { id: 'heed-c', maxlength: '10000' }) as HTMLTextAreaElement;
    const form = el(
      'form',
      { hidden: '' },
      el('label', { for: 'heed-c' }, `${s.comment} `, el('span', {}, s.optional)),
      comment,
      el('button', { type: 'submit', class: 'go' }, s.submit),
    ) as HTMLFormElement;
    form.onsubmit = (event) => {
      event.preventDefault();
      const text = comment.value.trim();
      submit('v1/responses', {
        survey_id: survey.id,
        score,
        ...(text ? { comment: text } : {}),
        ...(reference(true) ? { customer: reference(true) } : {}),
        metadata: { page: location.pathname },
      });
      thanks(s.thanks, s.thanks_body, s.close);
    };
    const parts: Node[] = [el('p', { class: 'q', id: 'heed-q' }, survey.question)];
    if (survey.scale) {
      const { min, max, style } = survey.scale;
      const stars = style === 'stars';
      const group = el('div', {
        class: `scale${stars ? ' stars' : ''}${max - min > 6 ? ' wide' : ''}`,
        role: 'group',
        'aria-labelledby': 'heed-q',
      });
      group.style.setProperty('--n', String(max - min + 1));
      for (let value = min; value <= max; value++) {
        const button = el(
          'button',
          {
            type: 'button',
            'aria-pressed': 'false',
            'aria-label': stars ? `${value}/${max}` : String(value),
          },
          stars ? '★' : String(value),
        );
        button.onclick = () => {
          score = value;
          for (const other of group.children) {
            const chosen = Number(other.getAttribute('aria-label')?.split('/')[0]);
            other.setAttribute('aria-pressed', String(chosen === value));
            other.classList.toggle('on', chosen <= value);
          }
          form.hidden = false;
          comment.focus();
        };
        group.append(button);
      }
      parts.push(
        group,
        el('div', { class: 'ends', 'aria-hidden': 'true' }, el('span', {}, s.low), el('span', {}, s.high)),
      );
    } else form.hidden = false;
    root.replaceChildren(card(survey.question, s.close, ...parts, form));
    attach();
    save(`heed:shown:${survey.id}`, Date.now());
    void post('v1/impressions', { survey_id: survey.id, channel: 'web', customer: reference(false) }).catch(
      () => undefined,
    );
  };

  const askAndShow = async () => {
    const survey = options.survey as string;
    try {
      const answer = await post('v1/eligibility', { survey_id: survey, customer: reference(false), sample });
      if (!answer.ok) return;
      const found = (await answer.json()) as { eligible: boolean; survey?: PublicSurvey };
      if (found.eligible && found.survey && !host.isConnected) showSurvey(found.survey);
    } catch {
      // Offline or Heed unreachable: no survey this time.
    }
  };

  const showFeedbackTab = () => {
    const tab = el('button', { type: 'button', class: 'tab', 'aria-expanded': 'false' }, options.label);
    const open = () => {
      const text = el('textarea', { id: 'heed-c', required: '', maxlength: '20000' }) as HTMLTextAreaElement;
      const form = el(
        'form',
        {},
        el('label', { for: 'heed-c', id: 'heed-q' }, 'Tell us what you think'),
        text,
        el('button', { type: 'submit', class: 'go' }, 'Send'),
      ) as HTMLFormElement;
      form.onsubmit = (event) => {
        event.preventDefault();
        if (!text.value.trim()) return;
        submit('v1/feedback', {
          text: text.value.trim(),
          source: 'widget',
          ...(reference(true) ? { customer: reference(true) } : {}),
          metadata: { page: location.pathname },
        });
        thanks('Thank you!', 'Your feedback was sent.', 'Close');
      };
      tab.setAttribute('aria-expanded', 'true');
      root.replaceChildren(card(options.label, 'Close', form));
      text.focus();
    };
    tab.onclick = open;
    opener = open;
    close = () => {
      removeEventListener('keydown', onEscape);
      tab.setAttribute('aria-expanded', 'false');
      root.replaceChildren(tab);
      tab.focus();
    };
    root.replaceChildren(tab);
    attach();
  };

  // ---- who this visitor is, and whether to show ----
  const visitor = load<{ sample?: number }>('heed:visitor', {});
  // Drawn once per browser, so a visitor left out of the sample stays out instead of being re-drawn each page.
  const sample = visitor.sample ?? Math.random();
  let returning = false;
  try {
    // The first page of a browser session decides: a visitor known from an earlier session is returning.
    const session =
      sessionStorage.getItem('heed:session') ?? (visitor.sample === undefined ? 'new' : 'returning');
    sessionStorage.setItem('heed:session', session);
    returning = session === 'returning';
  } catch {}
  save('heed:visitor', { sample });

  const widget: HeedWidget = {
    loaded: true,
    push: (command) => {
      const [name, ...args] = command;
      if (name === 'identify') widget.identify(args[0] as Customer);
      else if (name === 'track') widget.track(args[0] as string);
      else if (name === 'open') widget.open();
    },
    identify: (who) => {
      customer = { ...customer, ...who };
    },
    // Events only trigger the widget: Heed's events API needs a secret key, which a browser must never hold.
    track: (event) => {
      if (event !== options.triggerEvent || triggered) return;
      triggered = true;
      onTrigger?.();
    },
    open: () => {
      if (options.mode === 'feedback') opener();
      else if (options.survey) void askAndShow();
    },
  };
  const queued = Array.isArray(window.heed) ? window.heed : [];
  window.heed = widget;
  for (const command of queued) widget.push(command);

  if (options.mode === 'feedback') {
    showFeedbackTab();
    return;
  }
  const shownAt = options.survey ? load<number>(`heed:shown:${options.survey}`, 0) : 0;
  if (
    !options.survey ||
    !urlMatches(options.urls, location.pathname) ||
    (options.returningOnly && !returning) ||
    Date.now() - shownAt < options.cooldownDays * dayMs
  )
    return;
  const deepEnough = () =>
    scrolledPercent(scrollY, innerHeight, document.documentElement.scrollHeight) >= options.scrollPercent;
  const afterDelay = () => {
    if (deepEnough()) return void askAndShow();
    const onScroll = () => {
      if (!deepEnough()) return;
      removeEventListener('scroll', onScroll);
      void askAndShow();
    };
    addEventListener('scroll', onScroll, { passive: true });
  };
  onTrigger = () => setTimeout(afterDelay, options.delayS * 1000);
  if (triggered) onTrigger();
}

const current = document.currentScript as HTMLScriptElement | null;
const script = current?.dataset.key
  ? current
  : document.querySelector<HTMLScriptElement>('script[data-key][src*="widget"]');
// A second copy of the script (a double include) must not show a second widget.
if (script && !(window.heed && 'loaded' in window.heed)) {
  if (document.body) start(script);
  else addEventListener('DOMContentLoaded', () => start(script));
}
