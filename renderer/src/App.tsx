import { lazy, Suspense } from 'react';
import { api } from './api/client';
import { HubDataProvider, useHub } from './api/hubData';
import { isUnauthorized, useResource } from './api/hooks';
import { Sidebar } from './components/Sidebar';
import { Alert, Button, Loading } from './components/ui';
import { Icon } from './components/Icon';
import { matchPath, Redirect, usePath } from './lib/router';
import { AddServerPage } from './pages/add/AddServerPage';
import { LogsPage } from './pages/LogsPage';
import { ServerDetailPage } from './pages/server/ServerDetailPage';
import { ServersPage } from './pages/ServersPage';
import { SettingsPage } from './pages/SettingsPage';
import { TokensPage } from './pages/TokensPage';
// Access + audit (ui3)
import { AuditPage } from './pages/access/AuditPage';
import { PermissionPage } from './pages/access/PermissionsTab';
import { UsersPage } from './pages/access/UsersPage';
import { errorText } from './api/client';

// The larger screens load on first visit, so the server list comes up fast.
const BundlesPage = lazy(() => import('./pages/bundles/BundlesPage').then((module) => ({ default: module.BundlesPage })));
const BundleDetailPage = lazy(() => import('./pages/bundles/BundleDetailPage').then((module) => ({ default: module.BundleDetailPage })));
const NewBundlePage = lazy(() => import('./pages/bundles/BundleDetailPage').then((module) => ({ default: module.NewBundlePage })));
const PlaygroundPage = lazy(() => import('./pages/playground/PlaygroundPage').then((module) => ({ default: module.PlaygroundPage })));
const ClientsPage = lazy(() => import('./pages/clients/ClientsPage').then((module) => ({ default: module.ClientsPage })));

export function App() {
  // One cheap authenticated call decides between the app and the sign-in screen.
  const session = useResource((signal) => api.status(signal), 'session');
  if (session.loading && !session.data) return <Splash />;
  if (isUnauthorized(session.error)) return <SignIn />;
  if (session.error && !session.data) return <HubDown message={errorText(session.error)} onRetry={session.reload} />;
  return (
    <HubDataProvider>
      <Shell />
    </HubDataProvider>
  );
}

function Shell() {
  const { servers } = useHub();
  if (isUnauthorized(servers.error)) return <SignIn />;
  return (
    <div className="app">
      <Sidebar />
      <main className="main" id="main">
        <Suspense fallback={<Loading label="Loading…" />}>
          <Routes />
        </Suspense>
      </main>
    </div>
  );
}

function Routes() {
  const path = usePath();
  if (path === '/' || path === '/index.html') return <Redirect to="/servers" />;
  if (path === '/servers') return <ServersPage />;
  const add = matchPath('/add/:kind?', path);
  if (add) return <AddServerPage kind={add.kind} />;
  const server = matchPath('/servers/:name/:tab?', path);
  if (server?.name) return <ServerDetailPage key={server.name} name={server.name} tab={server.tab} />;
  if (path === '/virtual') return <BundlesPage />;
  if (path === '/virtual/new') return <NewBundlePage />;
  const bundle = matchPath('/virtual/:name/:tab?', path);
  if (bundle?.name) return <BundleDetailPage key={bundle.name} name={bundle.name} tab={bundle.tab} />;
  const playground = matchPath('/playground/:section?/:id?', path);
  if (playground) return <PlaygroundPage section={playground.section} id={playground.id} />;
  if (path === '/clients') return <ClientsPage />;
  if (path === '/tokens') return <TokensPage />;
  if (path === '/logs') return <LogsPage />;
  if (path === '/settings') return <SettingsPage />;
  // ui3: users & teams, permission details of a virtual server, audit log
  const users = matchPath('/users/:tab?', path);
  if (users) return <UsersPage tab={users.tab} />;
  const access = matchPath('/access/:kind/:name', path);
  if (access?.kind && access.name) return <PermissionPage key={`${access.kind}:${access.name}`} kind={access.kind} name={access.name} />;
  if (path === '/audit') return <AuditPage />;
  return (
    <div className="page">
      <div className="page-body">
        <Alert tone="warning" title="Page not found" action={<Button onClick={() => window.history.back()}>Go back</Button>}>
          There is nothing at {path}. Pick a section from the sidebar.
        </Alert>
      </div>
    </div>
  );
}

function Splash() {
  return (
    <div className="splash">
      <Loading label="Connecting to the Patchbay hub…" />
    </div>
  );
}

function SignIn() {
  return (
    <div className="splash">
      <div className="splash-card">
        <span className="brand-mark brand-mark-lg">
          <Icon name="logo" size={28} />
        </span>
        <h1>Sign in to Patchbay</h1>
        <p>This browser is not signed in to the hub, or its session has ended.</p>
        <p>
          Open the login link the hub printed when it started (<code>patchbay serve</code> shows it as <em>Web UI</em>). Each link works once; for a new one, restart{' '}
          <code>patchbay serve</code>.
        </p>
      </div>
    </div>
  );
}

function HubDown({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="splash">
      <div className="splash-card">
        <h1>Cannot reach the hub</h1>
        <Alert tone="danger">{message}</Alert>
        <Button variant="primary" icon="refresh" onClick={onRetry}>
          Try again
        </Button>
      </div>
    </div>
  );
}
