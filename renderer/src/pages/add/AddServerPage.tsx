import { Icon } from '../../components/Icon';
import type { IconName } from '../../components/Icon';
import { Page } from '../../components/ui';
import { Link, useSearchParam } from '../../lib/router';
import { OpenApiImportPage } from '../openapi/OpenApiImportPage';
import { CatalogPage } from './CatalogPage';
import { RegistryImportPage } from './RegistryImportPage';
import { RemoteForm } from './RemoteForm';
import { StdioForm } from './StdioForm';

interface Choice {
  to: string;
  icon: IconName;
  title: string;
  text: string;
  soon?: string;
}

const CHOICES: Choice[] = [
  { to: '/add/catalog', icon: 'grid', title: 'Official remote server', text: 'Pick from servers run by GitHub, Sentry, Linear, Stripe and others. Patchbay fills in the URL and sign-in method.' },
  { to: '/add/remote', icon: 'globe', title: 'Any remote server', text: 'Connect to a Streamable HTTP or SSE endpoint by URL, with API-key headers if it needs them.' },
  { to: '/add/stdio', icon: 'terminal', title: 'Local command', text: 'Run a server on this machine over stdio, e.g. npx -y @modelcontextprotocol/server-memory.' },
  { to: '/add/openapi', icon: 'fileCode', title: 'Import OpenAPI', text: 'Turn a REST API described by an OpenAPI or Swagger spec into MCP tools: from a URL, a file or pasted text.' },
  { to: '/add/registry', icon: 'download', title: 'Import from MCP Registry', text: 'Add a server from its server.json (a file, a URL, or the registry API), with its packages or remote endpoints.' },
  { to: '/virtual/new', icon: 'layers', title: 'Virtual server', text: 'Bundle chosen tools from several servers into one endpoint for a client.' },
];

export function AddServerPage({ kind }: { kind: string | undefined }) {
  const catalogId = useSearchParam('catalog');
  if (kind === 'catalog') return <CatalogPage />;
  if (kind === 'remote') return <RemoteForm key={catalogId ?? 'custom'} catalogId={catalogId ?? undefined} />;
  if (kind === 'stdio') return <StdioForm />;
  if (kind === 'openapi') return <OpenApiImportPage />;
  if (kind === 'registry') return <RegistryImportPage />;
  return (
    <Page title="Add MCP Server" subtitle="Where do the tools live?" back={<AddBack to="/servers" label="Servers" />}>
      <div className="choice-grid">
        {CHOICES.map((choice) =>
          choice.soon ? (
            <div key={choice.to} className="choice choice-disabled" aria-disabled="true">
              <ChoiceBody choice={choice} />
            </div>
          ) : (
            <Link key={choice.to} to={choice.to} className="choice">
              <ChoiceBody choice={choice} />
            </Link>
          ),
        )}
      </div>
    </Page>
  );
}

function ChoiceBody({ choice }: { choice: Choice }) {
  return (
    <>
      <span className="choice-icon">
        <Icon name={choice.icon} size={22} />
      </span>
      <span className="choice-title">
        {choice.title}
        {choice.soon && <span className="soon">{choice.soon}</span>}
      </span>
      <span className="choice-text">{choice.text}</span>
    </>
  );
}

export function AddBack({ to = '/add', label = 'Add MCP Server' }: { to?: string; label?: string }) {
  return (
    <Link to={to} className="back-link">
      <Icon name="chevronLeft" size={14} />
      {label}
    </Link>
  );
}
