// Settings › Workspace: its name and currency (editable by those who administer), and where this server keeps
// the data and how customers reach it (read-only: set where Heed is started).
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { call, useGet } from '../../api/client.ts';
import { QueryStatus } from '../../components/page.tsx';
import { formatDate } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { paths, type Workspace, type WorkspaceChanges } from './api.ts';
import { type Problems, problemsFrom, requiredProblem } from './rules.ts';
import { showProblems, TextField } from './text-field.tsx';

export function WorkspaceTab() {
  const workspace = useGet<Workspace>(paths.workspace);
  const canAdminister = useCan('administer');
  return (
    <>
      <QueryStatus isLoading={workspace.isLoading} error={workspace.error} />
      {workspace.data ? (
        <>
          <section className="card settings-card" aria-labelledby="workspace-heading">
            <h2 id="workspace-heading">Workspace</h2>
            {canAdminister ? (
              <WorkspaceForm workspace={workspace.data} />
            ) : (
              <>
                <p className="card-help">Only owners and admins change these.</p>
                <dl className="settings-facts">
                  <div>
                    <dt>Name</dt>
                    <dd>{workspace.data.name}</dd>
                  </div>
                  <div>
                    <dt>Currency</dt>
                    <dd>{workspace.data.currency}</dd>
                  </div>
                </dl>
              </>
            )}
          </section>
          <DataLocation workspace={workspace.data} />
        </>
      ) : null}
    </>
  );
}

const labels = { name: 'Name', currency: 'Currency' };

function WorkspaceForm({ workspace }: { workspace: Workspace }) {
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(workspace.name);
  const [currency, setCurrency] = useState(workspace.currency);
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const fields: Record<string, string> = {};
    const nameProblem = requiredProblem(name, 'a name for the workspace');
    if (nameProblem) fields.name = nameProblem;
    if (!/^[A-Z]{3}$/.test(currency.trim()))
      fields.currency = 'Enter a three-letter currency code, like USD or EUR.';
    if (Object.keys(fields).length > 0) return showProblems(form.current, () => setProblems({ fields }));
    const changes: WorkspaceChanges = {};
    if (name.trim() !== workspace.name) changes.name = name.trim();
    if (currency.trim() !== workspace.currency) changes.currency = currency.trim();
    setBusy(true);
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

  return (
    <form ref={form} onSubmit={save} noValidate className="settings-form">
      <TextField
        id="workspace-name"
        label="Name"
        value={name}
        onValue={setName}
        problem={problems.fields.name}
        maxLength={200}
        autoComplete="organization"
      />
      <TextField
        id="workspace-currency"
        label="Currency"
        hint="Revenue and customer value are shown in this currency (ISO 4217 code)."
        value={currency}
        onValue={(value) => setCurrency(value.toUpperCase())}
        problem={problems.fields.currency}
        maxLength={3}
        autoCapitalize="characters"
        spellCheck={false}
        className="short-input"
      />
      {problems.form ? (
        <p className="form-error" role="alert">
          {problems.form}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <p className="saved" role="status">
          {saved ? 'Saved.' : ''}
        </p>
      </div>
    </form>
  );
}

function DataLocation({ workspace }: { workspace: Workspace }) {
  const { hosting } = workspace;
  return (
    <section className="card settings-card" aria-labelledby="data-heading">
      <h2 id="data-heading">Where the data is</h2>
      <p className="card-help">
        Set where Heed is started ({hosting.database === 'embedded' ? 'HEED_DATA_DIR' : 'DATABASE_URL'},
        HEED_PUBLIC_URL); shown here to check.
      </p>
      <dl className="settings-facts">
        <div>
          <dt>Database</dt>
          <dd>
            {hosting.database === 'embedded' ? 'Embedded store (PGlite) on this server' : 'PostgreSQL server'}
          </dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd className="wrap-anywhere">{hosting.data_location ?? 'Shown to owners and admins'}</dd>
        </div>
        <div>
          <dt>Public address</dt>
          <dd className="wrap-anywhere">
            {hosting.public_url ??
              `Not set: links use the address each visitor used (${window.location.origin})`}
          </dd>
        </div>
        <div>
          <dt>Workspace id</dt>
          <dd className="wrap-anywhere">
            <code>{workspace.id}</code>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDate(workspace.created_at)}</dd>
        </div>
      </dl>
    </section>
  );
}
