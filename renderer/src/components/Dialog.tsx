// A modal dialog on the native <dialog> element: focus is trapped and restored by the browser,
// Escape closes it, and the content is a <form> so Enter submits.
import { useEffect, useId, useRef } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Button } from './ui';

interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  /** Called on Enter / the primary button. Omit for an informational dialog. */
  onSubmit?: () => void;
  submitLabel?: string;
  submitVariant?: 'primary' | 'danger';
  busy?: boolean;
  cancelLabel?: string;
  children: ReactNode;
  width?: number;
}

export function Dialog({ open, title, onClose, onSubmit, submitLabel = 'Save', submitVariant = 'primary', busy, cancelLabel = 'Cancel', children, width = 480 }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy) return;
    if (onSubmit) onSubmit();
    else onClose();
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      style={{ width }}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside the panel) closes it.
        if (event.target === ref.current && !busy) onClose();
      }}
    >
      {open && (
        <form className="dialog-panel" onSubmit={submit}>
          <h2 id={titleId} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-body">{children}</div>
          <div className="dialog-actions">
            {onSubmit && (
              <Button variant="ghost" onClick={onClose} disabled={busy}>
                {cancelLabel}
              </Button>
            )}
            <Button type="submit" variant={onSubmit ? submitVariant : 'primary'} busy={busy}>
              {onSubmit ? submitLabel : 'Done'}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}
