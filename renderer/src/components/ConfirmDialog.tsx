import type { ReactNode } from 'react';
import { errorText } from '../api/client';
import { Dialog } from './Dialog';
import { Alert } from './ui';

/** The part of `useAction` a confirmation needs. */
interface ConfirmAction {
  pending: boolean;
  error: unknown;
  clearError(): void;
}

interface ConfirmDialogProps<T> {
  /** What is about to be removed or revoked; the dialog is open while it is set. */
  target: T | undefined;
  title: string;
  submitLabel: string;
  action: ConfirmAction;
  /** Runs the action for `target`; resolves undefined when it failed (useAction's contract). */
  run(target: T): Promise<unknown>;
  /** Clears the target (the dialog closes). */
  onDismiss(): void;
  /** After the action succeeded (e.g. reload the list). */
  onDone(): void;
  children: ReactNode;
}

/**
 * A destructive confirmation: Cancel/Escape closes it and forgets a previous error; the action's
 * error is shown inside; on success it closes and calls `onDone`.
 */
export function ConfirmDialog<T>({ target, title, submitLabel, action, run, onDismiss, onDone, children }: ConfirmDialogProps<T>) {
  return (
    <Dialog
      open={target !== undefined}
      title={title}
      submitLabel={submitLabel}
      submitVariant="danger"
      busy={action.pending}
      onClose={() => {
        onDismiss();
        action.clearError();
      }}
      onSubmit={() => {
        if (target === undefined) return;
        void run(target).then((done) => {
          if (done === undefined) return;
          onDismiss();
          onDone();
        });
      }}
    >
      {children}
      {action.error !== undefined && <Alert tone="danger">{errorText(action.error)}</Alert>}
    </Dialog>
  );
}
