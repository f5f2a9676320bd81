// Writes a comment's analysis and theme links, keeping the theme rollup equal to a full count: every change
// subtracts the item's old contribution and adds its new one, in the same transaction.
import type { Queryable } from '../../db/connect.ts';
import type { Sentiment } from './sentiment.ts';
import * as store from './store.ts';

/** What the analyser decided for one comment. */
export interface ItemUpdate {
  item: Omit<store.CommentRow, 'workspace_id' | 'text'>;
  sentiment: Sentiment;
  phrases: string[];
  /** Automatic theme ids; undefined keeps the item's current automatic links. */
  auto?: string[];
  /** Tag ids applied by rules; undefined keeps the item's current rule links. */
  rule?: string[];
}

type Contribution = Pick<
  store.AnalysisRow,
  'survey_id' | 'score' | 'submitted_at' | 'sentiment' | 'sentiment_score'
>;

/** Monday of the comment's UTC week, YYYY-MM-DD: the rollup's week. */
export function weekOf(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}

/** Sums rollup changes by row, so one statement writes them. */
export class RollupDeltas {
  private readonly rows = new Map<string, store.RollupDelta>();

  add(themeId: string, item: Contribution, sign: 1 | -1): void {
    const week = weekOf(item.submitted_at);
    const surveyId = item.survey_id ?? store.noSurvey;
    const score = item.score ?? store.noScore;
    const key = `${themeId}|${week}|${surveyId}|${score}`;
    let row = this.rows.get(key);
    if (!row) {
      row = {
        theme_id: themeId,
        week,
        survey_id: surveyId,
        score,
        comments: 0,
        positive: 0,
        negative: 0,
        sentiment_sum: 0,
      };
      this.rows.set(key, row);
    }
    row.comments += sign;
    if (item.sentiment === 'positive') row.positive += sign;
    if (item.sentiment === 'negative') row.negative += sign;
    row.sentiment_sum += sign * item.sentiment_score;
  }

  /** Adds (or removes) an item's whole contribution: the all-comments row and one row per theme. */
  addItem(item: Contribution, themeIds: Iterable<string>, sign: 1 | -1): void {
    this.add(store.allComments, item, sign);
    for (const themeId of themeIds) this.add(themeId, item, sign);
  }

  changed(): store.RollupDelta[] {
    return [...this.rows.values()].filter(
      (row) => row.comments !== 0 || row.positive !== 0 || row.negative !== 0 || row.sentiment_sum !== 0,
    );
  }
}

/**
 * Writes the updates of one workspace's items. The caller holds the workspace's analysis lock
 * (store.lockWorkspaceAnalysis), so the state read here is the state the deltas apply to.
 */
export async function writeItemUpdates(
  tx: Queryable,
  workspaceId: string,
  updates: ItemUpdate[],
): Promise<void> {
  if (updates.length === 0) return;
  const ids = updates.map((u) => u.item.item_id);
  const previous = new Map((await store.analysesOf(tx, workspaceId, ids)).map((a) => [a.item_id, a]));
  const previousLinks = new Map<string, store.ItemThemeRow[]>();
  for (const link of await store.themesOfItems(tx, workspaceId, ids)) {
    const links = previousLinks.get(link.item_id) ?? [];
    links.push(link);
    previousLinks.set(link.item_id, links);
  }
  const deltas = new RollupDeltas();
  const analyses: store.AnalysisRow[] = [];
  const replaced: Array<{ source: store.ThemeSource; ids: string[]; links: store.ItemThemeRow[] }> = [
    { source: 'auto', ids: [], links: [] },
    { source: 'rule', ids: [], links: [] },
  ];
  for (const update of updates) {
    const itemId = update.item.item_id;
    const old = previous.get(itemId);
    const oldLinks = previousLinks.get(itemId) ?? [];
    const next = new Map<string, store.ThemeSource>();
    for (const link of oldLinks) {
      const replacing =
        link.source === 'auto' ? update.auto : link.source === 'rule' ? update.rule : undefined;
      if (replacing === undefined) next.set(link.theme_id, link.source);
    }
    for (const [source, themeIds] of [
      ['auto', update.auto],
      ['rule', update.rule],
    ] as const) {
      if (themeIds === undefined) continue;
      const group = replaced.find((r) => r.source === source);
      group?.ids.push(itemId);
      for (const themeId of themeIds) {
        // A link of any other kind already counts the item in the theme: one link per theme and item.
        if (next.has(themeId)) continue;
        next.set(themeId, source);
        group?.links.push({ item_id: itemId, theme_id: themeId, source });
      }
    }
    const analysis: store.AnalysisRow = {
      ...update.item,
      sentiment: update.sentiment.label,
      sentiment_score: update.sentiment.score,
      phrases: update.phrases,
    };
    if (old) deltas.addItem(old, new Set(oldLinks.map((l) => l.theme_id)), -1);
    deltas.addItem(analysis, next.keys(), 1);
    analyses.push(analysis);
  }
  await store.upsertAnalyses(tx, workspaceId, analyses);
  for (const group of replaced) {
    await store.replaceItemThemes(tx, workspaceId, group.ids, [group.source], group.links);
  }
  await store.applyRollupDeltas(tx, workspaceId, deltas.changed());
}

/** Links one item to a theme by hand (a tag); the rollup counts it if the item has been analysed. */
export async function linkItem(tx: Queryable, workspaceId: string, itemId: string, themeId: string) {
  const [analysis] = await store.analysesOf(tx, workspaceId, [itemId]);
  const links = await store.themesOfItems(tx, workspaceId, [itemId]);
  const existing = links.find((l) => l.theme_id === themeId);
  if (existing) {
    // Made by hand now: a re-analysis will keep it even if the rule that made it is gone.
    if (existing.source !== 'manual') {
      await tx.query(
        "UPDATE item_themes SET source = 'manual' WHERE workspace_id = $1 AND item_id = $2 AND theme_id = $3",
        [workspaceId, itemId, themeId],
      );
    }
    return;
  }
  await store.insertItemThemes(tx, workspaceId, [{ item_id: itemId, theme_id: themeId, source: 'manual' }]);
  if (analysis) {
    const deltas = new RollupDeltas();
    deltas.add(themeId, analysis, 1);
    await store.applyRollupDeltas(tx, workspaceId, deltas.changed());
  }
}

export async function unlinkItem(tx: Queryable, workspaceId: string, itemId: string, themeId: string) {
  const removed = await store.deleteItemTheme(tx, workspaceId, itemId, themeId);
  if (!removed) return false;
  const [analysis] = await store.analysesOf(tx, workspaceId, [itemId]);
  if (analysis) {
    const deltas = new RollupDeltas();
    deltas.add(themeId, analysis, -1);
    await store.applyRollupDeltas(tx, workspaceId, deltas.changed());
  }
  return true;
}
