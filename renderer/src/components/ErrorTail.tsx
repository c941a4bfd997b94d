import { useEffect, useState } from 'react';
import { api } from '../api/client';

// The last stderr lines of a failed server, shown under its error. Fetched once per failed
// attempt (cached across re-renders and list windowing).

const cache = new Map<string, string[]>();

export function ErrorTail({ server, attempt, lines }: { server: string; attempt: number; lines: number }) {
  const key = `${server}#${attempt}`;
  const [tail, setTail] = useState<string[] | undefined>(() => cache.get(key));
  useEffect(() => {
    const cached = cache.get(key);
    if (cached) {
      setTail(cached);
      return;
    }
    const controller = new AbortController();
    api.serverLogs(server, controller.signal).then(
      (result) => {
        const last = result.stderr.filter((line) => line.trim()).slice(-lines);
        cache.set(key, last);
        if (cache.size > 500) cache.delete(cache.keys().next().value as string);
        setTail(last);
      },
      () => undefined,
    );
    return () => controller.abort();
  }, [key, server, lines]);
  if (!tail || tail.length === 0) return null;
  return (
    <pre className="stderr-tail" aria-label={`Last error output of ${server}`}>
      {tail.join('\n')}
    </pre>
  );
}
