// "Collaborators" / "View permission details" of one server or virtual server: who holds which role
// (directly or through a team), what every user can do, and, for managers, grant / change / revoke.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AccessAction, AccessDetail, CollaboratorView, EffectiveRole, ResourceKind, Role } from '../../../../shared/api';
import { accessApi } from '../../api/accessApi';
import { errorText } from '../../api/client';
import { useAction, useResource } from '../../api/hooks';
import { Icon } from '../../components/Icon';
import { Alert, Button, EmptyState, Loading, Pill, Select, TextInput } from '../../components/ui';
import { Link } from '../../lib/router';
import type { Tone } from '../../lib/servers';

export const ROLE_TONE: Record<EffectiveRole, Tone> = { owner: 'info', manager: 'success', user: 'neutral' };
const ACTION_LABEL: Record<AccessAction, string> = { list: 'See it', call: 'Call tools', edit: 'Edit & restart', delete: 'Remove', manage: 'Manage collaborators' };
export const ROLE_HELP: Array<{ role: EffectiveRole; text: string }> = [
  { role: 'owner', text: 'The hub owner: everything, on every server, plus users, teams and adding servers.' },
  { role: 'manager', text: 'Sees it and calls its tools, edits, restarts and removes it, and manages its collaborators.' },
  { role: 'user', text: 'Sees it and calls its tools. Nothing else.' },
];

export function CollaboratorsPanel({ kind, name }: { kind: ResourceKind; name: string }) {
  const detail = useResource((signal) => accessApi.detail(kind, name, signal), `access:${kind}:${name}`);
  const me = useResource((signal) => accessApi.me(signal), 'access:me');
  if (detail.loading && !detail.data) return <Loading label="Loading permissions…" />;
  if (!detail.data) {
    return (
      <Alert tone="danger" title="Could not load the permissions" action={<Button onClick={detail.reload}>Try again</Button>}>
        {errorText(detail.error)}
      </Alert>
    );
  }
  const data = detail.data;
  const mine = me.data ? data.users.find((entry) => entry.user === me.data?.name) : undefined;
  const canManage = me.data?.owner === true || (mine?.can.includes('manage') ?? false);
  return (
    <div className="access-panel">
      <CollaboratorsCard detail={data} canManage={canManage} onChanged={detail.reload} owner={me.data?.owner === true} />
      <PermissionTable detail={data} />
      <RoleLegend />
    </div>
  );
}

function CollaboratorsCard({ detail, canManage, owner, onChanged }: { detail: AccessDetail; canManage: boolean; owner: boolean; onChanged: () => void }) {
  const { kind, name } = detail.resource;
  const change = useAction(async (who: CollaboratorView, role: Role | undefined) => {
    if (role) await accessApi.grant(kind, name, who.kind === 'user' ? { user: who.name, role } : { team: who.name, role });
    else await accessApi.revoke(kind, name, who);
    onChanged();
    return true;
  });
  return (
    <section className="card" aria-label="Collaborators">
      <div className="card-head">
        <h2 className="card-title">Collaborators</h2>
        {!canManage && <span className="muted">Only its managers and the hub owner can change these.</span>}
      </div>
      {detail.collaborators.length === 0 ? (
        <p className="muted">Nobody but the hub owner can use “{name}” yet.{canManage ? ' Give a user or a team a role below.' : ''}</p>
      ) : (
        <ul className="collab-list">
          {detail.collaborators.map((who) => (
            <li key={`${who.kind}:${who.name}`} className="collab-row" data-collaborator={`${who.kind}:${who.name}`}>
              {who.kind === 'team' ? (
                <span className="avatar avatar-team" aria-hidden="true">
                  <Icon name="users" size={14} />
                </span>
              ) : (
                <span className="avatar" aria-hidden="true">
                  {who.name.slice(0, 1).toUpperCase()}
                </span>
              )}
              <span className="collab-name">
                {who.name}
                <span className="muted"> · {who.kind}</span>
              </span>
              {canManage ? (
                <Select aria-label={`Role of ${who.kind} ${who.name}`} value={who.role} disabled={change.pending} onChange={(event) => void change.run(who, event.target.value as Role)} className="collab-role">
                  <option value="user">User</option>
                  <option value="manager">Manager</option>
                </Select>
              ) : (
                <Pill tone={ROLE_TONE[who.role]}>{who.role}</Pill>
              )}
              {canManage && (
                <Button size="sm" variant="ghost" onClick={() => void change.run(who, undefined)} aria-label={`Remove ${who.kind} ${who.name}`} disabled={change.pending}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {change.error !== undefined && <Alert tone="danger">{errorText(change.error)}</Alert>}
      {canManage && <GrantForm kind={kind} name={name} owner={owner} onGranted={onChanged} />}
    </section>
  );
}

function GrantForm({ kind, name, owner, onGranted }: { kind: ResourceKind; name: string; owner: boolean; onGranted: () => void }) {
  const [subjectKind, setSubjectKind] = useState<'user' | 'team'>('user');
  const [subject, setSubject] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [problem, setProblem] = useState<string | undefined>();
  // Only the owner may list users and teams; managers type the name.
  const users = useResource((signal) => (owner ? accessApi.users(signal) : Promise.resolve([])), `grant-users:${owner}`);
  const teams = useResource((signal) => (owner ? accessApi.teams(signal) : Promise.resolve([])), `grant-teams:${owner}`);
  const grant = useAction(() => accessApi.grant(kind, name, subjectKind === 'user' ? { user: subject.trim(), role } : { team: subject.trim(), role }));
  const options = subjectKind === 'user' ? (users.data ?? []).filter((user) => !user.owner).map((user) => user.name) : (teams.data ?? []).map((team) => team.name);
  // While the owner's list loads, the picker shows as a disabled list, so that the field does not
  // turn from a text box into a list under the cursor.
  const listing = owner && (subjectKind === 'user' ? users.loading : teams.loading);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!subject.trim()) return setProblem(`Choose the ${subjectKind} to give a role to.`);
    setProblem(undefined);
    void grant.run().then((done) => {
      if (!done) return;
      setSubject('');
      onGranted();
    });
  };
  const listId = `grant-${kind}-${name}-options`;
  return (
    <form className="grant-form" onSubmit={submit} aria-label="Add a collaborator">
      <Select aria-label="User or team" value={subjectKind} onChange={(event) => { setSubjectKind(event.target.value as 'user' | 'team'); setSubject(''); }}>
        <option value="user">User</option>
        <option value="team">Team</option>
      </Select>
      {owner && (listing || options.length > 0) ? (
        <Select aria-label={subjectKind === 'user' ? 'User' : 'Team'} value={subject} disabled={listing} onChange={(event) => setSubject(event.target.value)}>
          <option value="">{listing ? `Loading ${subjectKind}s…` : `Choose a ${subjectKind}…`}</option>
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      ) : (
        <>
          <TextInput aria-label={subjectKind === 'user' ? 'User' : 'Team'} list={listId} value={subject} placeholder={subjectKind === 'user' ? 'user name, e.g. alice' : 'team name'} onChange={(event) => setSubject(event.target.value)} />
          <datalist id={listId}>
            {options.map((option) => (
              <option key={option} value={option} />
            ))}
          </datalist>
        </>
      )}
      <Select aria-label="Role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
        <option value="user">User</option>
        <option value="manager">Manager</option>
      </Select>
      <Button type="submit" variant="primary" icon="plus" busy={grant.pending}>
        Grant
      </Button>
      {owner && options.length === 0 && users.data && teams.data && (
        <p className="muted grant-note">
          No {subjectKind === 'user' ? 'users' : 'teams'} besides you yet: add them under <Link to="/users">Users &amp; teams</Link>.
        </p>
      )}
      {(problem ?? grant.error) !== undefined && (
        <div className="grant-note">
          <Alert tone="danger">{problem ?? errorText(grant.error)}</Alert>
        </div>
      )}
    </form>
  );
}

function PermissionTable({ detail }: { detail: AccessDetail }) {
  return (
    <section className="card" aria-label="Permission details">
      <div className="card-head">
        <h2 className="card-title">Permission details</h2>
        <span className="muted">Everyone who can use “{detail.resource.name}”, and how</span>
      </div>
      {detail.users.length === 0 ? (
        <EmptyState icon="users" title="Nobody has a role" />
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Through</th>
                <th scope="col">Can</th>
              </tr>
            </thead>
            <tbody>
              {detail.users.map((entry) => (
                <tr key={entry.user} data-permission={entry.user}>
                  <td className="strong">{entry.user}</td>
                  <td>
                    <Pill tone={ROLE_TONE[entry.role]}>{entry.role}</Pill>
                  </td>
                  <td className="muted">{entry.via.map((via) => (via === 'direct' ? 'direct grant' : via === 'owner' ? 'hub owner' : via)).join(', ')}</td>
                  <td>
                    <span className="can-list">
                      {entry.can.map((action) => (
                        <span className="tag" key={action}>
                          {ACTION_LABEL[action]}
                        </span>
                      ))}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function RoleLegend() {
  return (
    <section className="card role-legend" aria-label="What each role can do">
      <h2 className="card-title">What each role can do</h2>
      <dl className="facts">
        {ROLE_HELP.map((item) => (
          <div className="fact" key={item.role}>
            <dt>
              <Pill tone={ROLE_TONE[item.role]}>{item.role}</Pill>
            </dt>
            <dd>{item.text}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
