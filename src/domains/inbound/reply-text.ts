// The new text of an e-mail reply: what the customer wrote this time, without the quoted history their mail
// program appends (Gmail's "On … wrote:", Outlook's header block, "> " lines) or their signature.

// Attribution lines that open quoted history, in the languages mail programs most often write them.
const attributionStart = /^(On|Le|Am|El|Il|Op|Em|Den)\s/;
const attributionEnd = /(wrote|a écrit|schrieb|escribió|ha scritto|schreef|escreveu|skrev)\s*:\s*$/i;
const originalMessage =
  /^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}$/i;
// Outlook's header block: "From: …" followed within a few lines by "Sent: …" (or "Date: …").
const headerFrom = /^\*?(From|De|Von|Van|Da|Fra)\*?:\s*\S/;
const headerSent = /^\*?(Sent|Date|Envoyé|Gesendet|Verzonden|Enviado|Inviato|Sendt|Datum)\*?:\s*\S/;
const separator = /^[-_=*]{3,}$/;
// Lines a phone or a webmail adds under every message: not something the customer said.
const deviceSignature = /^(Sent from my .+|Sent from (Mail|Outlook|Yahoo Mail).*|Get Outlook for .+)$/i;

/** How many lines after `at` an attribution or a header block may still be wrapped over. */
const lookahead = 4;

function startsQuotedHistory(lines: string[], at: number): boolean {
  const line = lines[at].trim();
  if (originalMessage.test(line)) return true;
  // Gmail wraps a long attribution over two or three lines; it ends at the first blank line.
  if (attributionStart.test(line)) {
    let joined = line;
    for (let next = at; next < Math.min(lines.length, at + lookahead); next++) {
      if (next > at) {
        if (lines[next].trim() === '') break;
        joined += ` ${lines[next].trim()}`;
      }
      if (attributionEnd.test(joined)) return true;
    }
  }
  // "Ada Lovelace <ada@example.com> wrote:" with no date, when quoted lines follow.
  if (attributionEnd.test(line)) {
    const following = lines.slice(at + 1).find((candidate) => candidate.trim() !== '');
    if (following?.trimStart().startsWith('>')) return true;
  }
  const headerAt = separator.test(line) && line.startsWith('_') ? nextFilled(lines, at) : at;
  if (headerAt !== -1 && headerFrom.test(lines[headerAt].trim())) {
    for (let next = headerAt + 1; next < Math.min(lines.length, headerAt + 1 + lookahead); next++) {
      if (headerSent.test(lines[next].trim())) return true;
    }
  }
  return false;
}

function nextFilled(lines: string[], at: number): number {
  for (let next = at + 1; next < lines.length; next++) if (lines[next].trim() !== '') return next;
  return -1;
}

/** The reply's own text, trimmed; empty when the message holds nothing but quotes and signatures. */
export function newReplyText(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let at = 0; at < lines.length; at++) {
    // RFC 3676 signature delimiter "-- "; many programs drop the trailing space.
    if (lines[at].trimEnd() === '--' || startsQuotedHistory(lines, at)) {
      end = at;
      break;
    }
  }
  const kept = lines
    .slice(0, end)
    .filter((line) => !line.trimStart().startsWith('>'))
    .map((line) => line.trimEnd());
  while (kept.length > 0) {
    const last = kept[kept.length - 1].trim();
    if (last === '' || separator.test(last) || deviceSignature.test(last)) kept.pop();
    else break;
  }
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  // Blank runs left where quotes were taken out become one blank line.
  return kept.join('\n').replace(/\n{3,}/g, '\n\n');
}
