// Text analysis of every comment: follows the ingest log, runs re-analyses, discovers themes, and answers
// theme, driver and emerging-issue questions from the theme rollup.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Db, Queryable } from '../../db/connect.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { decodeCursor, newId } from '../../shared/ids.ts';
import { analyzeComment, type CommentAnalysis } from './analyze.ts';
import { type DriverImpact, driverImpact, rankDrivers } from './drivers.ts';
import { type EmergingEvidence, emergingEvidence } from './emerging.ts';
import { type ItemUpdate, linkItem, unlinkItem, weekOf, writeItemUpdates } from './item-state.ts';
import type { SentimentLabel } from './sentiment.ts';
import * as store from './store.ts';
import { TagRuleMatcher } from './tag-rules.ts';
import { discoverThemes, ThemeMatcher } from './themes.ts';

export type { RunRow, TagRuleRow, ThemeRow } from './store.ts';

const followLockKey = 4_815_162_344;
/** Comments analysed between two yields to the event loop: about 20 ms of work, so requests keep flowing. */
const sliceSize = 200;
/** Items per re-analysis transaction. */
const runChunkSize = 1000;
/** Theme discovery reads the key phrases of at most this many recent comments. */
const discoveryWindowDays = 90;
const discoverySample = 200_000;

/** A comment read by the analyser, before the workspace's themes and rules are matched against it. */
interface AnalysedComment {
  item: ItemUpdate['item'];
  analysis: CommentAnalysis;
}

interface WorkspaceMatchers {
  themes: ThemeMatcher;
  /** Theme keys of the active automatic themes → their ids. */
  themeIds: Map<string, string>;
  rules: TagRuleMatcher;
}

export interface FiguresQuery {
  from?: string;
  to?: string;
  kind?: 'auto' | 'tag';
}

/** Counts of one theme (or of all comments) over a window, from the theme rollup. */
export interface ThemeTotals {
  comments: number;
  positive: number;
  negative: number;
  sentimentSum: number;
  /** NPS responses by score 0–10. */
  nps: number[];
  /** CSAT responses as top-two-box: [not satisfied, satisfied]. */
  csat: [number, number];
  weekly: Map<string, number>;
}

const emptyTotals = (): ThemeTotals => ({
  comments: 0,
  positive: 0,
  negative: 0,
  sentimentSum: 0,
  nps: new Array(11).fill(0),
  csat: [0, 0],
  weekly: new Map(),
});

const dayMs = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class TextService {
  /** The xid window the follower reads per transaction; grows while sparse, shrinks when dense. */
  private readonly windows = { response: 1 << 16, feedback: 1 << 16 };

  constructor(private readonly db: Db) {}

  // ---- the analyser: new comments ----

  /** Analyses every comment written by finished transactions since the last call; returns how many. */
  async analyzeNewComments(): Promise<number> {
    return (await this.followLog('response')) + (await this.followLog('feedback'));
  }

  private async followLog(kind: store.ItemKind): Promise<number> {
    let analysedCount = 0;
    for (;;) {
      const from = await store.readWatermark(this.db, kind);
      const horizon = await store.finishedXidHorizon(this.db);
      if (horizon <= from) return analysedCount;
      const to = Math.min(horizon, from + this.windows[kind]);
      const comments = await this.db.transaction((tx) => store.commentsWrittenBetween(tx, kind, from, to));
      // The analysis runs outside any transaction, so the embedded store's one connection stays free.
      const analysed = await this.analyse(comments);
      const written = await this.db.transaction(async (tx) => {
        const [lock] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
          followLockKey,
        ]);
        // Another process got there first: its work stands, this one's is dropped.
        if (!lock.locked || (await store.readWatermark(tx, kind)) !== from) return false;
        for (const [workspaceId, items] of [...analysed].sort(([a], [b]) => (a < b ? -1 : 1))) {
          await store.lockWorkspaceAnalysis(tx, workspaceId);
          await writeItemUpdates(tx, workspaceId, await this.matched(tx, workspaceId, items));
        }
        await store.writeWatermark(tx, kind, to);
        return true;
      });
      if (!written) return analysedCount;
      analysedCount += comments.length;
      if (comments.length < 500) this.windows[kind] = Math.min(this.windows[kind] * 4, 2 ** 40);
      else if (comments.length > 5000) this.windows[kind] = Math.max(1, Math.floor(this.windows[kind] / 4));
      if (to === horizon) return analysedCount;
    }
  }

  /**
   * Analyses these items now: for a comment added to an item after it was written (a one-click e-mail score
   * followed by its comment), which the log follower has already passed. Safe beside the follower: writes
   * replace an item's analysis under the workspace's lock, subtracting what it counted before.
   */
  async analyzeItems(workspaceId: string, itemIds: string[]): Promise<void> {
    const comments = await store.commentsByIds(this.db, workspaceId, itemIds);
    const analysed = (await this.analyse(comments)).get(workspaceId) ?? [];
    if (analysed.length === 0) return;
    await this.db.transaction(async (tx) => {
      await store.lockWorkspaceAnalysis(tx, workspaceId);
      await writeItemUpdates(tx, workspaceId, await this.matched(tx, workspaceId, analysed));
    });
  }

  /** Reads comments in slices (the costly part), grouped by workspace; themes and rules are matched later. */
  private async analyse(comments: store.CommentRow[]): Promise<Map<string, AnalysedComment[]>> {
    const byWorkspace = new Map<string, AnalysedComment[]>();
    for (let start = 0; start < comments.length; start += sliceSize) {
      if (start > 0) await yieldToEventLoop();
      for (const comment of comments.slice(start, start + sliceSize)) {
        const { workspace_id: workspaceId, text, ...item } = comment;
        const list = byWorkspace.get(workspaceId) ?? [];
        list.push({ item, analysis: analyzeComment(text) });
        byWorkspace.set(workspaceId, list);
      }
    }
    return byWorkspace;
  }

  /**
   * The workspace's current themes and rules applied to analysed comments. Called under the workspace's
   * analysis lock, so a rule added meanwhile is either seen here or its re-analysis run sees this comment.
   */
  private async matched(
    tx: Queryable,
    workspaceId: string,
    comments: AnalysedComment[],
  ): Promise<ItemUpdate[]> {
    const matcher = await this.matchersOf(tx, workspaceId);
    return comments.map(({ item, analysis }) => ({
      item,
      sentiment: analysis.sentiment,
      phrases: analysis.phrases,
      auto: this.autoThemeIds(matcher, analysis.phrases),
      rule: matcher.rules.match(analysis),
    }));
  }

  private autoThemeIds(matcher: WorkspaceMatchers, phrases: readonly string[]): string[] {
    return matcher.themes.match(phrases).flatMap((key) => {
      const id = matcher.themeIds.get(key);
      return id ? [id] : [];
    });
  }

  private async matchersOf(db: Queryable, workspaceId: string): Promise<WorkspaceMatchers> {
    const themes = (await store.listThemes(db, workspaceId, 'auto')).filter((t) => t.retired_at === null);
    const rules = await store.listRules(db, workspaceId);
    return {
      themes: new ThemeMatcher(themes.map((t) => ({ key: t.key, label: t.label, terms: t.terms }))),
      themeIds: new Map(themes.map((t) => [t.key, t.id])),
      rules: new TagRuleMatcher(rules.map((r) => ({ tagId: r.tag_id, match: r.match, pattern: r.pattern }))),
    };
  }

  // ---- re-analysis runs ----

  /** Queues a re-analysis of the workspace's comments; one of each kind is pending at a time. */
  async queueRun(workspaceId: string, kind: store.RunRow['kind'], reason: string) {
    return this.db.transaction(async (tx) => {
      await store.lockWorkspaceAnalysis(tx, workspaceId);
      const pending = await tx.query<store.RunRow>(
        `SELECT id FROM analysis_runs WHERE workspace_id = $1 AND kind = $2 AND status = 'queued'`,
        [workspaceId, kind],
      );
      // A queued run has not started: it will see this change too.
      if (pending.length > 0) return (await store.findRun(tx, workspaceId, pending[0].id)) as store.RunRow;
      return store.insertRun(tx, { workspace_id: workspaceId, id: newId(), kind, reason });
    });
  }

  async getRun(workspaceId: string, id: string) {
    const run = await store.findRun(this.db, workspaceId, id);
    if (!run) throw new NotFound(`Analysis run ${id}`);
    return run;
  }

  listRuns(workspaceId: string, query: { limit: number; cursor?: string }) {
    return store.listRuns(this.db, workspaceId, query.limit, decodeCursor(query.cursor));
  }

  /** Works through pending runs for up to `budgetMs`; returns how many items it processed. */
  async processRuns(budgetMs = 2000): Promise<number> {
    const deadline = Date.now() + budgetMs;
    let processed = 0;
    while (Date.now() < deadline) {
      const step = await this.processRunChunk();
      if (step === null) break;
      processed += step;
    }
    return processed;
  }

  /** One chunk of the oldest pending run; null when there is nothing to do. */
  async processRunChunk(): Promise<number | null> {
    const run = await this.db.transaction((tx) => store.claimPendingRun(tx));
    if (!run) return null;
    try {
      if (run.status === 'queued') {
        await this.startRun(run);
        return 0;
      }
      const ids = await store.analysedItemIdsAfter(
        this.db,
        run.workspace_id,
        run.cursor_item_id,
        runChunkSize,
      );
      if (ids.length === 0) {
        await store.updateRun(this.db, run, { status: 'done' });
        return 0;
      }
      const updatesUnderLock = await this.reanalyse(run, ids);
      const done = await this.db.transaction(async (tx) => {
        const [current] = await tx.query<store.RunRow>(
          'SELECT cursor_item_id, status FROM analysis_runs WHERE workspace_id = $1 AND id = $2 FOR UPDATE',
          [run.workspace_id, run.id],
        );
        // Another worker moved the run on while this one analysed: its chunk stands.
        if (current.cursor_item_id !== run.cursor_item_id || current.status !== 'running') return false;
        await store.lockWorkspaceAnalysis(tx, run.workspace_id);
        await writeItemUpdates(tx, run.workspace_id, await updatesUnderLock(tx));
        await store.updateRun(tx, run, {
          processed: run.processed + ids.length,
          cursor_item_id: ids[ids.length - 1],
        });
        return true;
      });
      return done ? ids.length : 0;
    } catch (error) {
      await store.updateRun(this.db, run, { status: 'failed', error: String(error) });
      throw error;
    }
  }

  private async startRun(run: store.RunRow) {
    if (run.kind === 'retheme') await this.rediscoverThemes(run.workspace_id);
    await store.updateRun(this.db, run, {
      status: 'running',
      total: await store.countAnalysed(this.db, run.workspace_id),
    });
  }

  /**
   * Reads a chunk of a run's items outside any transaction, and returns how to match them: under the
   * workspace's lock, with its themes and rules as they are then.
   */
  private async reanalyse(
    run: store.RunRow,
    ids: string[],
  ): Promise<(tx: Queryable) => Promise<ItemUpdate[]>> {
    if (run.kind === 'retheme') {
      // Themes only: the stored phrases are matched again; sentiment, phrases and rule tags stay.
      const analyses = await store.analysesOf(this.db, run.workspace_id, ids);
      return async (tx) => {
        const matcher = await this.matchersOf(tx, run.workspace_id);
        return analyses.map(({ sentiment, sentiment_score, phrases, ...item }) => ({
          item,
          sentiment: { label: sentiment, score: sentiment_score },
          phrases,
          auto: this.autoThemeIds(matcher, phrases),
        }));
      };
    }
    const comments = await store.commentsByIds(this.db, run.workspace_id, ids);
    const analysed = (await this.analyse(comments)).get(run.workspace_id) ?? [];
    return (tx) => this.matched(tx, run.workspace_id, analysed);
  }

  // ---- theme discovery ----

  /**
   * Finds the workspace's themes again from the key phrases of its recent comments. A theme found again
   * keeps its id (its key is stable); a new one is added; one no longer found is retired.
   */
  async rediscoverThemes(workspaceId: string) {
    const phrases = await store.recentPhrases(
      this.db,
      workspaceId,
      new Date(Date.now() - discoveryWindowDays * dayMs),
      discoverySample,
    );
    const current = await store.listThemes(this.db, workspaceId, 'auto');
    const found = discoverThemes(phrases, {
      previous: current
        .filter((t) => t.retired_at === null)
        .map((t) => ({ key: t.key, label: t.label, terms: t.terms })),
    });
    return this.db.transaction(async (tx) => {
      await store.lockWorkspaceAnalysis(tx, workspaceId);
      const byKey = new Map(current.map((t) => [t.key, t]));
      const foundKeys = new Set(found.map((t) => t.key));
      for (const theme of found) {
        const existing = byKey.get(theme.key);
        if (existing) {
          await store.updateTheme(tx, workspaceId, existing.id, {
            label: theme.label,
            terms: theme.terms,
            retired: false,
          });
        } else {
          await store.insertTheme(tx, {
            workspace_id: workspaceId,
            id: newId(),
            kind: 'auto',
            key: theme.key,
            label: theme.label,
            terms: theme.terms,
          });
        }
      }
      for (const theme of current) {
        if (!foundKeys.has(theme.key) && theme.retired_at === null) {
          await store.updateTheme(tx, workspaceId, theme.id, { retired: true });
        }
      }
      return found.length;
    });
  }

  /**
   * Queues theme discovery for workspaces whose comments have grown by a tenth (or that have none yet)
   * since their last discovery: the periodic job calls this.
   */
  async scheduleDiscovery(): Promise<number> {
    const due = await this.db.query<{ workspace_id: string }>(
      `WITH counts AS (
         SELECT workspace_id, sum(comments)::bigint AS comments FROM theme_rollups
         WHERE theme_id = $1 GROUP BY workspace_id
       ), last AS (
         SELECT DISTINCT ON (workspace_id) workspace_id, total, status FROM analysis_runs
         WHERE kind = 'retheme' ORDER BY workspace_id, created_at DESC
       )
       SELECT c.workspace_id FROM counts c LEFT JOIN last l USING (workspace_id)
       WHERE c.comments >= 20 AND (l.workspace_id IS NULL
         OR (l.status IN ('done', 'failed') AND c.comments >= 1.1 * coalesce(l.total, 0)))`,
      [store.allComments],
    );
    for (const { workspace_id } of due)
      await this.queueRun(workspace_id, 'retheme', 'comments grew since the last discovery');
    return due.length;
  }

  // ---- reads: themes, drivers, emerging ----

  /** Theme totals over a window of whole weeks, keyed by theme id (store.allComments: every comment). */
  async totalsOf(workspaceId: string, fromWeek: string, toWeek: string, themeIds?: string[]) {
    const rows = await this.db.query<{
      theme_id: string;
      week: string;
      kind: string | null;
      scale_max: number | null;
      score: number;
      comments: number;
      positive: number;
      negative: number;
      sentiment_sum: number;
    }>(
      `SELECT r.theme_id, r.week, s.kind, s.scale_max, r.score, sum(r.comments)::bigint AS comments,
              sum(r.positive)::bigint AS positive, sum(r.negative)::bigint AS negative, sum(r.sentiment_sum) AS sentiment_sum
       FROM theme_rollups r LEFT JOIN surveys s ON s.workspace_id = r.workspace_id AND s.id = r.survey_id
       WHERE r.workspace_id = $1 AND r.week >= $2::date AND r.week <= $3::date
         AND ($4::uuid[] IS NULL OR r.theme_id = ANY($4::uuid[]) OR r.theme_id = $5)
       GROUP BY 1, 2, 3, 4, 5`,
      [workspaceId, fromWeek, toWeek, themeIds ?? null, store.allComments],
    );
    const totals = new Map<string, ThemeTotals>();
    for (const row of rows) {
      let total = totals.get(row.theme_id);
      if (!total) {
        total = emptyTotals();
        totals.set(row.theme_id, total);
      }
      total.comments += row.comments;
      total.positive += row.positive;
      total.negative += row.negative;
      total.sentimentSum += row.sentiment_sum;
      total.weekly.set(row.week, (total.weekly.get(row.week) ?? 0) + row.comments);
      if (row.kind === 'nps' && row.score >= 0 && row.score <= 10) total.nps[row.score] += row.comments;
      if (row.kind === 'csat' && row.scale_max !== null && row.score >= 0) {
        total.csat[row.score >= row.scale_max - 1 ? 1 : 0] += row.comments;
      }
    }
    return totals;
  }

  async listThemeFigures(workspaceId: string, query: FiguresQuery) {
    const window = weeksOf(query);
    const themes = (await store.listThemes(this.db, workspaceId, query.kind)).filter(
      (t) => t.retired_at === null || t.kind === 'tag',
    );
    const totals = await this.totalsOf(workspaceId, window.fromWeek, window.toWeek);
    const all = totals.get(store.allComments) ?? emptyTotals();
    const figures = themes.map((theme) => ({ theme, totals: totals.get(theme.id) ?? emptyTotals() }));
    figures.sort((a, b) => b.totals.comments - a.totals.comments || (a.theme.id < b.theme.id ? -1 : 1));
    return { window, all, figures };
  }

  async themeDetail(workspaceId: string, id: string, query: FiguresQuery) {
    const theme = await store.findTheme(this.db, workspaceId, id);
    if (!theme) throw new NotFound(`Theme ${id}`);
    const window = weeksOf(query);
    const totals = await this.totalsOf(workspaceId, window.fromWeek, window.toWeek, [id]);
    const examples = await this.db.query<{
      item_id: string;
      item_kind: store.ItemKind;
      sentiment: string;
      sentiment_score: number;
      score: number | null;
      submitted_at: Date;
      text: string | null;
    }>(
      `SELECT a.item_id, a.item_kind, a.sentiment, a.sentiment_score, a.score, a.submitted_at,
              coalesce(r.comment, f.text) AS text
       FROM item_themes t
       JOIN comment_analyses a ON a.workspace_id = t.workspace_id AND a.item_id = t.item_id
       LEFT JOIN responses r ON a.item_kind = 'response' AND r.workspace_id = a.workspace_id AND r.id = a.item_id
       LEFT JOIN feedback f ON a.item_kind = 'feedback' AND f.workspace_id = a.workspace_id AND f.id = a.item_id
       WHERE t.workspace_id = $1 AND t.theme_id = $2
         AND a.submitted_at >= $3::date AND a.submitted_at < $4::date + 7
       ORDER BY a.submitted_at DESC, a.item_id DESC LIMIT 5`,
      [workspaceId, id, window.fromWeek, window.toWeek],
    );
    return {
      theme,
      window,
      totals: totals.get(id) ?? emptyTotals(),
      all: totals.get(store.allComments) ?? emptyTotals(),
      examples,
    };
  }

  /** Every theme's effect on NPS or CSAT over the window, ranked. */
  async drivers(
    workspaceId: string,
    metric: 'nps' | 'csat',
    query: FiguresQuery & { min_responses?: number },
  ) {
    const minResponses = query.min_responses ?? 10;
    const { window, all, figures } = await this.listThemeFigures(workspaceId, query);
    const groupOf = (t: ThemeTotals) => ({
      counts: metric === 'nps' ? t.nps : [0, t.csat[0], 0, 0, 0, t.csat[1]],
    });
    const scale = metric === 'csat' ? { min: 1, max: 5 } : undefined;
    const drivers: Array<{ theme: store.ThemeRow; impact: DriverImpact }> = [];
    for (const { theme, totals } of figures) {
      const withTheme = groupOf(totals);
      const allCounts = groupOf(all).counts;
      const without = { counts: allCounts.map((count, score) => count - withTheme.counts[score]) };
      const impact = driverImpact(metric, withTheme, without, scale);
      if (impact && impact.withTheme.n >= minResponses) drivers.push({ theme, impact });
    }
    return { window, metric, drivers: rankDrivers(drivers) };
  }

  /** Themes whose volume in `week` (default: the current week) rose significantly above their baseline. */
  async emerging(
    workspaceId: string,
    query: { week?: string; baseline_weeks: number; include_quiet?: boolean },
  ) {
    const week = weekOf(query.week ? new Date(`${query.week}T00:00:00Z`) : new Date());
    const fromWeek = isoDate(Date.parse(week) - query.baseline_weeks * 7 * dayMs);
    const totals = await this.totalsOf(workspaceId, fromWeek, week);
    const all = totals.get(store.allComments) ?? emptyTotals();
    const weeks: string[] = [];
    for (let ms = Date.parse(fromWeek); ms <= Date.parse(week); ms += 7 * dayMs) weeks.push(isoDate(ms));
    const themes = (await store.listThemes(this.db, workspaceId)).filter((t) => t.retired_at === null);
    const results: Array<{ theme: store.ThemeRow; evidence: EmergingEvidence & { emerging: boolean } }> = [];
    for (const theme of themes) {
      const series = weeks.map((w) => ({
        week: w,
        comments: totals.get(theme.id)?.weekly.get(w) ?? 0,
        total: all.weekly.get(w) ?? 0,
      }));
      const evidence = emergingEvidence(series, { baselineWeeks: query.baseline_weeks });
      if (evidence && (evidence.emerging || query.include_quiet)) results.push({ theme, evidence });
    }
    results.sort((a, b) => a.evidence.pValue - b.evidence.pValue || (a.theme.id < b.theme.id ? -1 : 1));
    return { week, baseline_weeks: query.baseline_weeks, themes: results };
  }

  // ---- tags, rules and manual links ----

  async createTag(workspaceId: string, input: { name: string }) {
    const key = input.name.trim().toLowerCase();
    const tag = await store.insertTheme(this.db, {
      workspace_id: workspaceId,
      id: newId(),
      kind: 'tag',
      key,
      label: input.name.trim(),
      terms: [],
    });
    if (!tag) throw new Conflict(`A tag named "${input.name.trim()}" already exists`);
    return tag;
  }

  async getThemeRow(workspaceId: string, id: string, kind?: 'tag') {
    const theme = await store.findTheme(this.db, workspaceId, id);
    if (!theme || (kind && theme.kind !== kind))
      throw new NotFound(kind === 'tag' ? `Tag ${id}` : `Theme ${id}`);
    return theme;
  }

  async renameTheme(workspaceId: string, id: string, label: string) {
    try {
      const theme = await this.getThemeRow(workspaceId, id);
      // A tag's key is its name, so two tags cannot share a name; an automatic theme keeps its key.
      const key = theme.kind === 'tag' ? label.trim().toLowerCase() : undefined;
      return (await store.updateTheme(this.db, workspaceId, id, {
        label: label.trim(),
        key,
      })) as store.ThemeRow;
    } catch (error) {
      throw uniqueViolation(error) ? new Conflict(`A tag named "${label.trim()}" already exists`) : error;
    }
  }

  async deleteTag(workspaceId: string, id: string) {
    await this.getThemeRow(workspaceId, id, 'tag');
    await this.db.transaction(async (tx) => {
      await store.lockWorkspaceAnalysis(tx, workspaceId);
      await store.deleteTheme(tx, workspaceId, id);
    });
  }

  listRules(workspaceId: string) {
    return store.listRules(this.db, workspaceId);
  }

  /** Adds an auto-tag rule and queues the re-analysis that applies it to existing comments. */
  async createRule(
    workspaceId: string,
    input: { tag_id: string; match: 'keyword' | 'phrase'; pattern: string },
  ) {
    const tag = await store.findTheme(this.db, workspaceId, input.tag_id);
    if (tag?.kind !== 'tag')
      throw new NotFound('Tag', [{ path: 'tag_id', message: 'no such tag in this workspace' }]);
    const pattern = input.pattern.trim();
    if (input.match === 'keyword' && /\s/.test(pattern)) {
      throw Invalid.field('pattern', 'a keyword rule takes one word; use match "phrase" for several');
    }
    const rule = await store.insertRule(this.db, {
      workspace_id: workspaceId,
      id: newId(),
      tag_id: tag.id,
      match: input.match,
      pattern,
    });
    if (!rule) throw new Conflict('This rule already exists');
    const run = await this.queueRun(
      workspaceId,
      'reanalyze',
      `rule added: ${input.match} "${pattern}" → ${tag.label}`,
    );
    return { rule, run };
  }

  async deleteRule(workspaceId: string, id: string) {
    if (!(await store.deleteRule(this.db, workspaceId, id))) throw new NotFound(`Rule ${id}`);
    return this.queueRun(workspaceId, 'reanalyze', 'rule removed');
  }

  /** Tags a response or feedback item by hand. */
  async tagItem(workspaceId: string, itemId: string, tagId: string) {
    const tag = await store.findTheme(this.db, workspaceId, tagId);
    if (tag?.kind !== 'tag') {
      throw new NotFound('Tag', [{ path: 'tag_id', message: 'no such tag in this workspace' }]);
    }
    await this.db.transaction(async (tx) => {
      await store.lockWorkspaceAnalysis(tx, workspaceId);
      await linkItem(tx, workspaceId, itemId, tagId);
    });
  }

  async untagItem(workspaceId: string, itemId: string, tagId: string) {
    await this.getThemeRow(workspaceId, tagId, 'tag');
    const removed = await this.db.transaction(async (tx) => {
      await store.lockWorkspaceAnalysis(tx, workspaceId);
      return unlinkItem(tx, workspaceId, itemId, tagId);
    });
    if (!removed) throw new NotFound('This tag on this item');
  }

  /** The analysis and themes of items, for presenting them beside responses and feedback. */
  async annotations(workspaceId: string, itemIds: string[]) {
    const result = new Map<string, ItemAnnotation>();
    if (itemIds.length === 0) return result;
    const analyses = await store.analysesOf(this.db, workspaceId, itemIds);
    const links = await this.db.query<{
      item_id: string;
      id: string;
      kind: 'auto' | 'tag';
      label: string;
      source: store.ThemeSource;
    }>(
      `SELECT t.item_id, th.id, th.kind, th.label, t.source FROM item_themes t
       JOIN themes th ON th.workspace_id = t.workspace_id AND th.id = t.theme_id
       WHERE t.workspace_id = $1 AND t.item_id = ANY($2::uuid[]) ORDER BY th.label, th.id`,
      [workspaceId, itemIds],
    );
    for (const id of itemIds) result.set(id, { sentiment: null, themes: [], tags: [] });
    for (const analysis of analyses) {
      const annotation = result.get(analysis.item_id);
      if (annotation) annotation.sentiment = { label: analysis.sentiment, score: analysis.sentiment_score };
    }
    for (const link of links) {
      const annotation = result.get(link.item_id);
      if (!annotation) continue;
      const entry = { id: link.id, label: link.label, source: link.source };
      (link.kind === 'tag' ? annotation.tags : annotation.themes).push(entry);
    }
    return result;
  }
}

export interface ItemAnnotation {
  sentiment: { label: SentimentLabel; score: number } | null;
  themes: Array<{ id: string; label: string; source: store.ThemeSource }>;
  tags: Array<{ id: string; label: string; source: store.ThemeSource }>;
}

function uniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

/** A window of whole UTC weeks: the default is the 12 weeks up to and including the current one. */
export function weeksOf(query: { from?: string; to?: string }) {
  const toWeek = weekOf(query.to ? new Date(`${query.to}T00:00:00Z`) : new Date());
  const fromWeek = query.from
    ? weekOf(new Date(`${query.from}T00:00:00Z`))
    : isoDate(Date.parse(toWeek) - 11 * 7 * dayMs);
  if (fromWeek > toWeek) throw Invalid.field('from', 'must not be after `to`');
  return { fromWeek, toWeek };
}
