// The left navigation. Items marked `soon` are features on the roadmap (users and teams); they
// sit where they will live, disabled.
import { useHub } from '../api/hubData';
import { Link, usePath } from '../lib/router';
import { setTheme, useTheme } from '../lib/theme';
import type { ThemeChoice } from '../lib/theme';
import { Icon } from './Icon';
import type { IconName } from './Icon';

interface NavItem {
  to: string;
  label: string;
  icon: IconName;
  soon?: boolean;
  /** Other path prefixes that highlight this item. */
  also?: string[];
}

const SECTIONS: Array<{ title: string; items: NavItem[] }> = [
  {
    title: 'Hub',
    items: [
      { to: '/servers', label: 'Servers', icon: 'servers', also: ['/add'] },
      { to: '/virtual', label: 'Virtual servers', icon: 'layers' },
      { to: '/playground', label: 'Playground', icon: 'chat' },
    ],
  },
  {
    title: 'Access',
    items: [
      { to: '/tokens', label: 'Tokens', icon: 'key' },
      { to: '/clients', label: 'Connect clients', icon: 'plug' },
      { to: '/users', label: 'Users & teams', icon: 'users', also: ['/access'] },
    ],
  },
  {
    title: 'System',
    items: [
      { to: '/logs', label: 'Logs', icon: 'logs' },
      { to: '/audit', label: 'Audit log', icon: 'lock' }, // ui3
      { to: '/settings', label: 'Settings', icon: 'settings' },
    ],
  },
];

const NEXT_THEME: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const THEME_ICON: Record<ThemeChoice, IconName> = { system: 'monitor', light: 'sun', dark: 'moon' };
const THEME_LABEL: Record<ThemeChoice, string> = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' };

export function Sidebar() {
  const path = usePath();
  const theme = useTheme();
  const { status, servers } = useHub();
  const problems = servers.data?.filter((server) => server.state.status === 'error' || server.state.status === 'needs-auth').length ?? 0;
  const isActive = (item: NavItem): boolean => [item.to, ...(item.also ?? [])].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <span className="brand-mark">
          <Icon name="logo" size={18} />
        </span>
        <span className="brand-name">Patchbay</span>
      </div>
      {SECTIONS.map((section) => (
        <div className="nav-section" key={section.title}>
          <div className="nav-title">{section.title}</div>
          <ul>
            {section.items.map((item) => (
              <li key={item.to}>
                {item.soon ? (
                  <span className="nav-item nav-soon" aria-disabled="true" title={`${item.label} is coming in a later version.`}>
                    <Icon name={item.icon} />
                    <span className="nav-label">{item.label}</span>
                    <span className="soon">Soon</span>
                  </span>
                ) : (
                  <Link to={item.to} className={`nav-item ${isActive(item) ? 'active' : ''}`} aria-current={isActive(item) ? 'page' : undefined}>
                    <Icon name={item.icon} />
                    <span className="nav-label">{item.label}</span>
                    {item.to === '/servers' && problems > 0 && (
                      <span className="nav-badge" title={`${problems} server${problems === 1 ? '' : 's'} need attention`}>
                        {problems}
                      </span>
                    )}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="sidebar-footer">
        <div className="hub-status" title={status.data ? `Hub endpoint ${status.data.endpoint}` : undefined}>
          <span className={`status-dot ${servers.error ? 'status-dot-bad' : 'status-dot-ok'}`} aria-hidden="true" />
          <span>{servers.error ? 'Hub unreachable' : status.data ? `Hub ${status.data.version}` : 'Connecting…'}</span>
        </div>
        <button type="button" className="btn btn-ghost btn-icon theme-toggle" onClick={() => setTheme(NEXT_THEME[theme])} aria-label={`${THEME_LABEL[theme]}. Switch to ${THEME_LABEL[NEXT_THEME[theme]].toLowerCase()}`} title={`${THEME_LABEL[theme]} (click to change)`}>
          <Icon name={THEME_ICON[theme]} />
        </button>
      </div>
    </nav>
  );
}
