import { errorText } from '../../api/client';
import { Alert } from '../../components/ui';

/** A 403 from the owner-only endpoints, said plainly (the API's message says what to do). */
export function OwnerOnly({ error, what }: { error: unknown; what: string }) {
  return (
    <Alert tone="info" title={`Only the hub owner manages ${what}`}>
      {errorText(error)}
    </Alert>
  );
}
