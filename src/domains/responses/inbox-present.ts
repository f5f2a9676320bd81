// The API shape of inbox items, the inbox's page cursor, and the NPS groups its filter and items share.
import { Invalid } from '../../errors.ts';
import { uuidBytes, uuidFromBytes } from '../../shared/ids.ts';
import type { NpsGroupName } from './inbox-schema.ts';
import type { InboxDetailRow, InboxPosition, InboxRow } from './inbox-store.ts';
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

// A cursor is the last listed item's place in the order: submitted_at to the microsecond (8 bytes) and
// its id (16 bytes), base64url-encoded. Opaque to callers; only this module reads it.
const cursorBytes = 24;
const cursorPattern = /^[A-Za-z0-9_-]{32}$/;
// Every stored submitted_at lies in the range the API accepts; a cursor outside it was not made here.
const earliestMicros = 0n;
const latestMicros = BigInt(Date.UTC(2201, 0, 1)) * 1000n;

export function encodeInboxCursor(row: InboxRow): string {
  const bytes = Buffer.alloc(cursorBytes);
  bytes.writeBigInt64BE(BigInt(row.submitted_micros), 0);
  uuidBytes(row.id).copy(bytes, 8);
  return bytes.toString('base64url');
}

export function decodeInboxCursor(cursor: string | undefined): InboxPosition | undefined {
  if (cursor === undefined) return undefined;
  const bytes = cursorPattern.test(cursor) ? Buffer.from(cursor, 'base64url') : null;
  const submittedMicros = bytes?.length === cursorBytes ? bytes.readBigInt64BE(0) : -1n;
  if (!bytes || submittedMicros < earliestMicros || submittedMicros >= latestMicros)
    throw Invalid.field('cursor', 'is not a cursor this API returned');
  return { submittedMicros, id: uuidFromBytes(bytes.subarray(8)) };
}

/** Rows are fetched with limit + 1 so the page knows whether another follows. */
export function inboxPageOf<T>(rows: InboxRow[], limit: number, present: (row: InboxRow) => T) {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  return {
    data: kept.map(present),
    next_cursor: more ? encodeInboxCursor(kept[kept.length - 1]) : null,
  };
}
