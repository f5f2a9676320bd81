// Settings › API keys: create a secret or publishable key (the whole key is shown once, here, and never
// again: Heed keeps only its hash), see which keys exist, and revoke one after confirming.
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type RefObject, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { call, useGet } from '../../api/client.ts';
import { EmptyState, QueryStatus } from '../../components/page.tsx';
import { formatDate } from '../../lib/format.ts';
import { useCan } from '../../lib/member.tsx';
import { type CreatedKey, paths } from './api.ts';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { CopyField } from './copy-field.tsx';
import { type ApiKey, keyHint, orderKeys, type Problems, problemsFrom, requiredProblem } from './rules.ts';
import { showProblems, TextField } from './text-field.tsx';

const kindNames: Record<ApiKey['kind'], string> = { secret: 'Secret', publishable: 'Publishable' };

export function KeysTab() {
  if (!useCan('administer'))
    return (
      <p className="notice">
        API keys are managed by owners and admins. Ask one of them for a key if you need to send data to Heed
        from your own systems.
      </p>
    );
  return <KeysAdmin />;
}

function KeysAdmin() {
  const keys = useGet<{ data: ApiKey[] }>(paths.keys);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const listHeading = useRef<HTMLHeadingElement>(null);
  const createHeading = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <section className="card settings-card" aria-labelledby="new-key-heading">
        <h2 id="new-key-heading" ref={createHeading} tabIndex={-1}>
          Create a key
        </h2>
        {created ? (
          <NewKey
            created={created}
            onDone={() => {
              // The key leaves the page for good; focus stays in the card rather than falling to the body.
              flushSync(() => setCreated(null));
              createHeading.current?.focus();
            }}
          />
        ) : (
          <CreateKeyForm onCreated={setCreated} />
        )}
      </section>
      <section className="settings-section" aria-labelledby="keys-heading">
        <h2 id="keys-heading" ref={listHeading} tabIndex={-1}>
          Keys
        </h2>
        <QueryStatus isLoading={keys.isLoading} error={keys.error} />
        {keys.data && keys.data.data.length === 0 ? (
          <EmptyState title="No keys yet">
            <p>Create a secret key for your server, or a publishable key for the survey widget.</p>
          </EmptyState>
        ) : null}
        {keys.data && keys.data.data.length > 0 ? (
          <KeyTable keys={orderKeys(keys.data.data)} listHeading={listHeading} />
        ) : null}
      </section>
    </>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedKey) => void }) {
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ApiKey['kind']>('secret');
  const [problems, setProblems] = useState<Problems>({ fields: {} });
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent) {
    event.preventDefault();
    const nameProblem = requiredProblem(name, 'what the key is for, like "Billing server"');
    if (nameProblem) return showProblems(form.current, () => setProblems({ fields: { name: nameProblem } }));
    setBusy(true);
    try {
      const key = await call<CreatedKey>('POST', paths.keys, { kind, name: name.trim() });
      await queryClient.invalidateQueries({ queryKey: [paths.keys] });
      onCreated(key);
    } catch (error) {
      setBusy(false);
      showProblems(form.current, () => setProblems(problemsFrom(error, { name: 'Name', kind: 'Kind' })));
    }
  }

  return (
    <form ref={form} onSubmit={create} noValidate className="settings-form">
      <TextField
        id="key-name"
        label="Name"
        hint="What uses the key, so you know what stops working if you revoke it."
        value={name}
        onValue={setName}
        problem={problems.fields.name}
        maxLength={200}
        autoComplete="off"
      />
      <fieldset className="choice-group">
        <legend>Kind</legend>
        <div className="check-field">
          <input
            id="key-kind-secret"
            type="radio"
            name="key-kind"
            value="secret"
            checked={kind === 'secret'}
            onChange={() => setKind('secret')}
            aria-describedby="key-kind-secret-help"
          />
          <label htmlFor="key-kind-secret">Secret</label>
        </div>
        <p className="field-hint choice-help" id="key-kind-secret-help">
          For your servers: reads and changes everything an admin can. Never put it in a web page or an app.
        </p>
        <div className="check-field">
          <input
            id="key-kind-publishable"
            type="radio"
            name="key-kind"
            value="publishable"
            checked={kind === 'publishable'}
            onChange={() => setKind('publishable')}
            aria-describedby="key-kind-publishable-help"
          />
          <label htmlFor="key-kind-publishable">Publishable</label>
        </div>
        <p className="field-hint choice-help" id="key-kind-publishable-help">
          Safe in a browser: it may only submit answers and feedback (the survey widget uses one).
        </p>
      </fieldset>
      {problems.form ? (
        <p className="form-error" role="alert">
          {problems.form}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create key'}
        </button>
      </div>
    </form>
  );
}

/** The new key, once: copy it now, then it is gone from this page as from Heed. */
function NewKey({ created, onDone }: { created: CreatedKey; onDone: () => void }) {
  const heading = useRef<HTMLParagraphElement>(null);
  // The form that was focused is gone: move to the key, so it is read out and copied next.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="new-secret" aria-labelledby="new-key-title">
      <p id="new-key-title" className="new-secret-title" ref={heading} tabIndex={-1}>
        {kindNames[created.kind]} key “{created.name}” created
      </p>
      <p className="warning">
        Copy the key now and keep it somewhere safe: this is the only time Heed shows it. It stores only a
        hash, so a lost key cannot be shown again; revoke it and create another.
      </p>
      <CopyField label="Your new key" value={created.key} />
      <button type="button" className="secondary" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}

function KeyTable({
  keys,
  listHeading,
}: {
  keys: ApiKey[];
  listHeading: RefObject<HTMLHeadingElement | null>;
}) {
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    setError(null);
    try {
      await call('DELETE', `${paths.keys}/${revoking.id}`);
      await queryClient.invalidateQueries({ queryKey: [paths.keys] });
      setStatus(`Revoked the key “${revoking.name}”.`);
      setRevoking(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'The key could not be revoked.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p className="saved" role="status">
        {status}
      </p>
      <div className="table-scroll">
        <table className="data-table settings-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} className={key.revoked_at ? 'revoked' : undefined}>
                <th scope="row" data-label="Name">
                  {key.name}
                </th>
                <td data-label="Kind">{kindNames[key.kind]}</td>
                <td data-label="Key">
                  <code>{keyHint(key.prefix)}</code>
                </td>
                <td data-label="Created">{formatDate(key.created_at)}</td>
                <td data-label="Status">
                  {key.revoked_at ? `Revoked ${formatDate(key.revoked_at)}` : 'Active'}
                </td>
                <td className="row-actions">
                  {key.revoked_at ? null : (
                    <button
                      type="button"
                      className="secondary danger-text"
                      onClick={() => {
                        setError(null);
                        setRevoking(key);
                      }}
                    >
                      Revoke<span className="visually-hidden"> {key.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        busyLabel="Revoking…"
        busy={busy}
        error={error}
        onConfirm={revoke}
        onCancel={() => setRevoking(null)}
        fallbackFocus={listHeading}
      >
        <p>
          Anything that uses “{revoking?.name}” ({revoking ? keyHint(revoking.prefix) : ''}) is refused within
          seconds. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
