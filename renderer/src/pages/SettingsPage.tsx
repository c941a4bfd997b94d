import { useEffect } from 'react';
import { useHub } from '../api/hubData';
import { errorText } from '../api/client';
import { CopyButton } from '../components/CopyButton';
import { Icon } from '../components/Icon';
import type { IconName } from '../components/Icon';
import { Alert, Button, Loading, Page } from '../components/ui';
import { dateTime, relativeTime } from '../lib/format';
import { setTheme, useTheme } from '../lib/theme';
import type { ThemeChoice } from '../lib/theme';
import { IdentitiesCard } from './auth/IdentitiesCard'; // ui3: upstream auth

const THEMES: Array<{ id: ThemeChoice; label: string; icon: IconName }> = [
  { id: 'system', label: 'System', icon: 'monitor' },
  { id: 'light', label: 'Light', icon: 'sun' },
  { id: 'dark', label: 'Dark', icon: 'moon' },
];

export function SettingsPage() {
  const { status } = useHub();
  const theme = useTheme();
  const data = status.data;
  const { reload } = status;
  // The status (server counts) was loaded at start-up: refresh it whenever Settings opens.
  useEffect(() => reload(), [reload]);
  return (
    <Page title="Settings" subtitle="This hub and this window.">
      {status.error !== undefined && (
        <Alert tone="danger" action={<Button onClick={status.reload}>Try again</Button>}>
          {errorText(status.error)}
        </Alert>
      )}
      <section className="card">
        <h2 className="card-title">Appearance</h2>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {THEMES.map((item) => (
            <button key={item.id} type="button" role="radio" aria-checked={theme === item.id} className="segment" onClick={() => setTheme(item.id)}>
              <Icon name={item.icon} size={14} />
              {item.label}
            </button>
          ))}
        </div>
        <p className="muted form-note">System follows your operating system's light or dark mode. The choice is kept in this browser.</p>
      </section>
      <section className="card">
        <div className="card-head">
          <h2 className="card-title">Hub</h2>
          <Button size="sm" variant="ghost" icon="refresh" onClick={status.reload}>
            Refresh
          </Button>
        </div>
        {!data && status.loading && <Loading />}
        {data && (
          <>
            {data.secretStore.warning && (
              <Alert tone="warning" title="Secrets are not in the system keychain">
                {data.secretStore.warning}
              </Alert>
            )}
            <dl className="facts">
              <Fact label="Version" value={data.version} />
              <Fact label="Running since" value={`${relativeTime(data.startedAt)} (${dateTime(data.startedAt)})`} />
              <Fact label="MCP endpoint" value={data.endpoint} mono copy />
              <Fact label="Data directory" value={data.dataDir} mono copy />
              <Fact label="Secret store" value={data.secretStore.kind === 'keychain' ? 'System keychain' : 'Encrypted file in the data directory'} />
              <Fact label="Servers" value={`${data.servers.total} configured · ${data.servers.running} running · ${data.servers.error} with errors · ${data.servers.disabled} disabled`} />
            </dl>
          </>
        )}
      </section>
      <IdentitiesCard />
    </Page>
  );
}

function Fact({ label, value, mono, copy }: { label: string; value: string; mono?: boolean; copy?: boolean }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>
        {mono ? <code>{value}</code> : value}
        {copy && <CopyButton text={value} variant="ghost" />}
      </dd>
    </div>
  );
}
