// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmDialog } from './confirm-dialog.tsx';

afterEach(cleanup);

/** A page with a button that asks before acting, as the key and member lists do. */
function Asking({ onConfirmed }: { onConfirmed: () => void }) {
  const [open, setOpen] = useState(false);
  const fallback = useRef<HTMLHeadingElement>(null);
  return (
    <>
      <h2 ref={fallback} tabIndex={-1}>
        Keys
      </h2>
      <button type="button" onClick={() => setOpen(true)}>
        Revoke
      </button>
      <ConfirmDialog
        open={open}
        title="Revoke this key?"
        confirmLabel="Revoke key"
        busyLabel="Revoking…"
        busy={false}
        error={null}
        onConfirm={() => {
          onConfirmed();
          setOpen(false);
        }}
        onCancel={() => setOpen(false)}
        fallbackFocus={fallback}
      >
        <p>Anything that uses it is refused.</p>
      </ConfirmDialog>
    </>
  );
}

describe('the confirmation dialog', () => {
  it('opens as a labelled modal with focus on Cancel, and gives focus back when cancelled', () => {
    let confirmed = 0;
    render(<Asking onConfirmed={() => confirmed++} />);
    const opener = screen.getByRole('button', { name: 'Revoke' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = document.querySelector('dialog') as HTMLDialogElement;
    expect(dialog.open).toBe(true);
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe(
      'Revoke this key?',
    );
    expect(document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Anything that uses it is refused.',
    );
    expect(document.activeElement?.textContent).toBe('Cancel');
    fireEvent.click(screen.getByText('Cancel'));
    expect(dialog.open).toBe(false);
    expect(confirmed).toBe(0);
    expect(document.activeElement).toBe(opener);
  });

  it('cancels on Escape (the native cancel event) and confirms with its button', () => {
    let confirmed = 0;
    render(<Asking onConfirmed={() => confirmed++} />);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    const dialog = document.querySelector('dialog') as HTMLDialogElement;
    act(() => {
      dialog.dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    expect(dialog.open).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke' }));
    fireEvent.click(screen.getByText('Revoke key'));
    expect(confirmed).toBe(1);
    expect(dialog.open).toBe(false);
  });
});
