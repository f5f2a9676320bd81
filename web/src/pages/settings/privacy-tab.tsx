// Settings › Privacy: PII redaction of comments, how often a customer may be asked (the fatigue cap), and the
// data-use notice on hosted surveys. Each is saved on its own; those who do not administer read them.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { call, useGet } from '../../api/client.ts';
import { QueryStatus } from '../../components/page.tsx';
import { useCan } from '../../lib/member.tsx';
import { paths, type Workspace, type WorkspaceChanges } from './api.ts';
import { maxFatigueDays, type Problems, parseFatigueDays, problemsFrom } from './rules.ts';
import { showProblems, TextField } from './text-field.tsx';

export function PrivacyTab() {
  const workspace = useGet<Workspace>(paths.workspace);
  const canAdminister = useCan('administer');
  const data = workspace.data;
  return (
    <>
      <QueryStatus isLoading={workspace.isLoading} error={workspace.error} />
      {data && !canAdminister ? (
        <p className="notice">Only owners and admins change these settings; this is how they are set now.</p>
      ) : null}
      {data ? (
        <>
          <section className="card settings-card" aria-labelledby="redaction-heading">
            <h2 id="redaction-heading">Personal data in comments</h2>
            <p className="card-help">
              With redaction on, e-mail addresses, phone and card numbers, IBANs, IP addresses and street
              addresses in comments and feedback are replaced by placeholders such as [email] before anything
              is stored; the original is never written. A change applies to new comments.
            </p>
            {canAdminister ? (
              <RedactionForm workspace={data} />
            ) : (
              <p>
                <strong>{data.pii_redaction ? 'Redaction is on.' : 'Redaction is off.'}</strong>
              </p>
            )}
          </section>
          <section className="card settings-card" aria-labelledby="fatigue-heading">
            <h2 id="fatigue-heading">Survey fatigue cap</h2>
            <p className="card-help">
              A customer is asked for feedback at most once in this many days, across every channel (links,
              e-mail, the widget). 0 turns the cap off.
            </p>
            {canAdminister ? (
              <FatigueForm workspace={data} />
            ) : (
              <p>
                <strong>
                  {data.fatigue_days === 0 ? 'No cap.' : `At most once every ${data.fatigue_days} days.`}
                </strong>
              </p>
            )}
          </section>
          <section className="card settings-card" aria-labelledby="notice-heading">
            <h2 id="notice-heading">Data-use notice</h2>
            <p className="card-help">
              Shown on every hosted survey and feedback form. Left empty, the standard notice is shown in the
              survey's language.
            </p>
            {canAdminister ? (
              <NoticeForm workspace={data} />
            ) : (
              <p className="pre-line">{data.privacy_notice ?? 'The standard notice.'}</p>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}

/** One setting's form: sends its change, refreshes the workspace, says it saved or shows the problem. */
function useSettingForm(labels: Record<string, string>) {
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function send(changes: WorkspaceChanges) {
    setBusy(true);
    setSaved(false);
    try {
      await call<Workspace>('PATCH', paths.workspace, changes);
      await queryClient.invalidateQueries({ queryKey: [paths.workspace] });
      setProblems({ fields: {} });
      setSaved(true);
    } catch (error) {
      showProblems(form.current, () => setProblems(problemsFrom(error, labels)));
    } finally {
      setBusy(false);
    }
  }
  const invalid = (fields: Record<string, string>) => {
    setSaved(false);
    showProblems(form.current, () => setProblems({ fields }));
  };
  return { form, problems, busy, saved, send, invalid };
}

/** Save, named for what it saves: three forms share the page, so "Save" alone would be ambiguous in a list. */
function SaveRow({
  what,
  busy,
  saved,
  problems,
}: {
  what: string;
  busy: boolean;
  saved: boolean;
  problems: Problems;
}): ReactNode {
  return (
    <>
      {problems.form ? (
        <p className="form-error" role="alert">
          {problems.form}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
          <span className="visually-hidden"> {what}</span>
        </button>
        <p className="saved" role="status">
          {saved ? 'Saved.' : ''}
        </p>
      </div>
    </>
  );
}

function RedactionForm({ workspace }: { workspace: Workspace }) {
  const setting = useSettingForm({ pii_redaction: 'Redaction' });
  const [redact, setRedact] = useState(workspace.pii_redaction);
  function save(event: FormEvent) {
    event.preventDefault();
    void setting.send({ pii_redaction: redact });
  }
  return (
    <form ref={setting.form} onSubmit={save} noValidate className="settings-form">
      <div className="check-field">
        <input
          id="pii-redaction"
          type="checkbox"
          checked={redact}
          onChange={(event) => setRedact(event.target.checked)}
          aria-describedby={!redact && workspace.pii_redaction ? 'redaction-warning' : undefined}
        />
        <label htmlFor="pii-redaction">Redact personal data in comments before they are stored</label>
      </div>
      {!redact && workspace.pii_redaction ? (
        <p className="warning" id="redaction-warning">
          Turned off, comments are stored exactly as customers wrote them, personal data included.
        </p>
      ) : null}
      <SaveRow what="redaction" busy={setting.busy} saved={setting.saved} problems={setting.problems} />
    </form>
  );
}

function FatigueForm({ workspace }: { workspace: Workspace }) {
  const setting = useSettingForm({ fatigue_days: 'The fatigue cap' });
  const [days, setDays] = useState(String(workspace.fatigue_days));
  function save(event: FormEvent) {
    event.preventDefault();
    const parsed = parseFatigueDays(days);
    if ('problem' in parsed) return setting.invalid({ fatigue_days: parsed.problem });
    void setting.send({ fatigue_days: parsed.days });
  }
  return (
    <form ref={setting.form} onSubmit={save} noValidate className="settings-form">
      <TextField
        id="fatigue-days"
        label="Days between two requests to the same customer"
        value={days}
        onValue={setDays}
        problem={setting.problems.fields.fatigue_days}
        inputMode="numeric"
        type="number"
        min={0}
        max={maxFatigueDays}
        step={1}
        className="short-input"
      />
      <SaveRow what="the fatigue cap" busy={setting.busy} saved={setting.saved} problems={setting.problems} />
    </form>
  );
}

function NoticeForm({ workspace }: { workspace: Workspace }) {
  const setting = useSettingForm({ privacy_notice: 'The notice' });
  const [notice, setNotice] = useState(workspace.privacy_notice ?? '');
  const problem = setting.problems.fields.privacy_notice;
  function save(event: FormEvent) {
    event.preventDefault();
    if (notice.length > 2000)
      return setting.invalid({ privacy_notice: 'Keep the notice to 2,000 characters.' });
    // Empty restores the standard notice (null), which is translated into each survey's language.
    void setting.send({ privacy_notice: notice.trim() === '' ? null : notice.trim() });
  }
  return (
    <form ref={setting.form} onSubmit={save} noValidate className="settings-form">
      <div className="field">
        <label htmlFor="privacy-notice">Your own notice (optional)</label>
        <textarea
          id="privacy-notice"
          rows={4}
          value={notice}
          onChange={(event) => setNotice(event.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'privacy-notice-error' : undefined}
        />
        {problem ? (
          <p className="field-error" id="privacy-notice-error">
            {problem}
          </p>
        ) : null}
      </div>
      <SaveRow what="the notice" busy={setting.busy} saved={setting.saved} problems={setting.problems} />
    </form>
  );
}
