import { useEffect, useState } from 'react';

interface Health {
  ok: boolean;
  version: string;
}

export function App() {
  const [health, setHealth] = useState<Health | undefined>();
  useEffect(() => {
    fetch('/api/health')
      .then((response) => response.json() as Promise<Health>)
      .then(setHealth)
      .catch(() => setHealth(undefined));
  }, []);
  return (
    <main>
      <h1>Patchbay</h1>
      <p>{health ? `Hub ${health.version} is running.` : 'Connecting to the hub…'}</p>
    </main>
  );
}
