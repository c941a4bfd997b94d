// Users & teams (the hub owner's screen): users, teams and their members, and a way into the
// permission details of every server and virtual server. Other users see why they cannot.
import { useState } from 'react';
import type { UserView } from '../../../../shared/api';
import { accessApi, isForbidden } from '../../api/accessApi';
import type { MeView } from '../../api/accessApi';
import { errorText } from '../../api/client';
import { useAction, useResource } from '../../api/hooks';
import type { Resource } from '../../api/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { Tabs } from '../../components/Tabs';
import { Alert, Button, EmptyState, Field, Loading, Page, Pill, Tag, TextInput } from '../../components/ui';
import { dateTime, relativeTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { OwnerOnly } from './OwnerOnly';
import { PermissionsTab } from './PermissionsTab';
import { TeamsTab } from './TeamsTab';

type TabId = 'users' | 'teams' | 'permissions';
const TAB_IDS: TabId[] = ['users', 'teams', 'permissions'];

export function UsersPage({ tab }: { tab?: string }) {
  const active: TabId = TAB_IDS.includes(tab as TabId) ? (tab as TabId) : 'users';
  const me = useResource((signal) => accessApi.me(signal), 'access:me');
  const users = useResource((signal) => accessApi.users(signal), 'users');
  const teams = useResource((signal) => accessApi.teams(signal), 'teams');
  const [adding, setAdding] = useState(false);
  const owner = me.data?.owner === true;
  return (
    <Page
      title="Users & teams"
      subtitle="Who may use this hub. Give users and teams roles on servers and virtual servers."
      actions={
        owner && active === 'users' ? (
          <Button variant="primary" icon="plus" onClick={() => setAdding(true)}>
            Add user
          </Button>
        ) : undefined
      }
    >
      <Tabs
        label="Users and teams sections"
        active={active}
        onChange={(id) => navigate(id === 'users' ? '/users' : `/users/${id}`, { replace: true })}
        tabs={[
          { id: 'users', label: 'Users', count: users.data?.length },
          { id: 'teams', label: 'Teams', count: teams.data?.length },
          { id: 'permissions', label: 'Permissions' },
        ]}
      />
      <div className="tab-panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {active === 'users' && <UsersTab users={users} me={me.data} onAdd={() => setAdding(true)} onChanged={() => (users.reload(), teams.reload())} />}
        {active === 'teams' && <TeamsTab teams={teams} users={users.data ?? []} owner={owner} onChanged={() => (teams.reload(), users.reload())} />}
        {active === 'permissions' && <PermissionsTab />}
      </div>
      {adding && (
        <AddUserDialog
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            users.reload();
          }}
        />
      )}
    </Page>
  );
}

function UsersTab({ users, me, onAdd, onChanged }: { users: Resource<UserView[]>; me: MeView | undefined; onAdd: () => void; onChanged: () => void }) {
  const [removing, setRemoving] = useState<UserView | undefined>();
  const remove = useAction((name: string) => accessApi.removeUser(name));
  if (isForbidden(users.error)) return <OwnerOnly error={users.error} what="users" />;
  if (users.error !== undefined && !users.data) {
    return (
      <Alert tone="danger" title="Could not load the users" action={<Button onClick={users.reload}>Try again</Button>}>
        {errorText(users.error)}
      </Alert>
    );
  }
  if (!users.data) return <Loading label="Loading users…" />;
  const list = [...users.data].sort((a, b) => Number(b.owner) - Number(a.owner) || a.name.localeCompare(b.name));
  const now = Date.now();
  return (
    <div className="access-panel access-users">
      {list.length <= 1 && (
        <EmptyState icon="users" title="Only you so far" action={<Button variant="primary" icon="plus" onClick={onAdd}>Add a user</Button>}>
          Add the people (or agents) who share this hub. Each gets their own tokens, their own sign-ins to servers and only the servers you give them a role on.
        </EmptyState>
      )}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Teams</th>
              <th scope="col">Added</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <tr key={user.id} data-user={user.name}>
                <td>
                  <span className="strong">{user.name}</span>
                  {user.displayName && <span className="muted"> · {user.displayName}</span>}
                  {user.owner && (
                    <>
                      {' '}
                      <Pill tone="info">owner</Pill>
                    </>
                  )}
                  {me?.name === user.name && <span className="muted"> (you)</span>}
                </td>
                <td>{user.teams.length ? user.teams.map((team) => <Tag key={team}>{team}</Tag>) : <span className="muted">—</span>}</td>
                <td title={dateTime(user.createdAt)}>{relativeTime(user.createdAt, now)}</td>
                <td className="cell-actions">
                  {!user.owner && (
                    <Button size="sm" variant="ghost" onClick={() => setRemoving(user)} aria-label={`Remove user ${user.name}`}>
                      Remove
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted form-note">Names cannot be changed once added; remove the user and add them again under the new name (their tokens and roles go with the old name).</p>
      <ConfirmDialog
        target={removing}
        title={`Remove ${removing?.name ?? ''}?`}
        submitLabel="Remove user"
        action={remove}
        run={(user) => remove.run(user.name)}
        onDismiss={() => setRemoving(undefined)}
        onDone={onChanged}
      >
        <p>Their tokens stop working at once, and they lose every role and team membership. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}

function AddUserDialog({ onClose, onAdded }: { onClose: () => void; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const add = useAction(() => accessApi.createUser({ name: name.trim(), ...(displayName.trim() && { displayName: displayName.trim() }) }));
  return (
    <Dialog
      open
      title="Add a user"
      submitLabel="Add user"
      busy={add.pending}
      onClose={onClose}
      onSubmit={() => {
        if (!name.trim()) return setProblem('Give the user a short name, e.g. alice. It names them in roles, tokens and the audit log.');
        setProblem(undefined);
        void add.run().then((done) => done && onAdded());
      }}
    >
      <Field label="Name" error={problem} hint="Lowercase letters, digits, “.”, “_” or “-”, e.g. alice or ci-bot.">
        {(id, describedBy) => <TextInput id={id} aria-describedby={describedBy} value={name} maxLength={48} autoFocus onChange={(event) => setName(event.target.value.toLowerCase())} />}
      </Field>
      <Field label="Display name" optional>
        {(id) => <TextInput id={id} value={displayName} maxLength={200} placeholder="Alice Liddell" onChange={(event) => setDisplayName(event.target.value)} />}
      </Field>
      {add.error !== undefined && <Alert tone="danger">{errorText(add.error)}</Alert>}
    </Dialog>
  );
}
