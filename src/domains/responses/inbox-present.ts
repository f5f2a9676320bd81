// The API shape of inbox items and their pages (a time-and-id cursor), and the NPS groups its filter and items share.
import { encodeTimeCursor } from '../../shared/ids.ts';
import type { NpsGroupName } from './inbox-schema.ts';
import type { InboxDetailRow, InboxRow } from './inbox-store.ts';
import type { Annotation } from './present.ts';

/** NPS groups on the 0–10 scale (Reichheld): promoters 9–10, passives 7–8, detractors 0–6. */
export const npsGroupScores: Record<NpsGroupName, number[]> = {
  promoter: [9, 10],
  passive: [7, 8],
  detractor: [0, 1, 2, 3, 4, 5, 6],
};

/** The group of a response; only a scored response to an NPS survey has one. */
export function npsGroupOf(surveyKind: string | null, score: number | null): NpsGroupName | null {
  if (surveyKind !== 'nps' || score === null) return null;
  for (const [group, scores] of Object.entries(npsGroupScores))
    if (scores.includes(score)) return group as NpsGroupName;
  return null;
}

const notYetAnalysed: Annotation = { sentiment: null, themes: [], tags: [] };

export function presentInboxItem(row: InboxRow, annotation: Annotation = notYetAnalysed) {
  return {
    kind: row.kind,
    id: row.id,
    survey:
      row.survey_id === null
        ? null
        : {
            id: row.survey_id,
            // A response's survey is never deleted (surveys are archived), so name and kind are there.
            name: row.survey_name ?? '',
            kind: (row.survey_kind ?? 'custom') as 'nps' | 'csat' | 'ces' | 'custom',
          },
    score: row.score,
    group: npsGroupOf(row.survey_kind, row.score),
    text: row.text,
    source: row.source,
    channel: row.channel,
    segment: row.segment,
    submitted_at: row.submitted_at.toISOString(),
    customer:
      row.customer_id === null
        ? null
        : {
            id: row.customer_id,
            name: row.customer_name,
            email: row.customer_email,
            external_id: row.customer_external_id,
          },
    ...annotation,
  };
}

export function presentInboxDetail(row: InboxDetailRow, annotation?: Annotation) {
  return {
    ...presentInboxItem(row, annotation),
    answers: row.answers,
    metadata: row.metadata,
    received_at: row.received_at.toISOString(),
  };
}

const cursorAfter = (row: InboxRow) => encodeTimeCursor({ micros: BigInt(row.submitted_micros), id: row.id });

/** Rows are fetched with limit + 1 so the page knows whether another follows. */
export function inboxPageOf<T>(rows: InboxRow[], limit: number, present: (row: InboxRow) => T) {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return {
    data: kept.map(present),
    next_cursor: more ? cursorAfter(kept[kept.length - 1]) : null,
  };
}
