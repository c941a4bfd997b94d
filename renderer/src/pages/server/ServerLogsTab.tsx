import { useEffect, useRef } from 'react';
import { api, errorText } from '../../api/client';
import { useResource } from '../../api/hooks';
import { CopyButton } from '../../components/CopyButton';
import { Alert, EmptyState } from '../../components/ui';

/** The server's stderr (what a stdio server prints), refreshed every 2 s while shown. */
export function ServerLogsTab({ server, initial }: { server: string; initial: string[] }) {
  const logs = useResource((signal) => api.serverLogs(server, signal), `logs:${server}`, 2000);
  const lines = logs.data?.stderr ?? initial;
  const ref = useRef<HTMLPreElement>(null);
  const stick = useRef(true);
  useEffect(() => {
    const element = ref.current;
    if (element && stick.current) element.scrollTop = element.scrollHeight;
  }, [lines]);
  if (lines.length === 0) {
    return (
      <EmptyState icon="logs" title="No output yet">
        Anything the server writes to stderr shows up here: start-up messages, warnings and crash reports.
      </EmptyState>
    );
  }
  return (
    <div className="tab-fill">
      <div className="toolbar">
        <span className="muted toolbar-note">stderr · last {lines.length.toLocaleString()} lines · live</span>
        <CopyButton text={lines.join('\n')} label="Copy all" />
      </div>
      {logs.error !== undefined && <Alert tone="warning">{errorText(logs.error)}</Alert>}
      <pre
        ref={ref}
        className="log-view"
        tabIndex={0}
        aria-label={`stderr of ${server}`}
        onScroll={(event) => {
          const element = event.currentTarget;
          stick.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
        }}
      >
        {lines.join('\n')}
      </pre>
    </div>
  );
}
