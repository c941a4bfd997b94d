// Teams: one card per team with its members (add / remove), add and remove teams.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { TeamView, UserView } from '../../../../shared/api';
import { accessApi, isForbidden } from '../../api/accessApi';
import { errorText } from '../../api/client';
import { useAction } from '../../api/hooks';
import type { Resource } from '../../api/hooks';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/Icon';
import { Alert, Button, EmptyState, Loading, Select, TextInput } from '../../components/ui';
import { OwnerOnly } from './OwnerOnly';

export function TeamsTab({ teams, users, owner, onChanged }: { teams: Resource<TeamView[]>; users: UserView[]; owner: boolean; onChanged: () => void }) {
  const [name, setName] = useState('');
  const create = useAction((team: string) => accessApi.createTeam(team));
  if (isForbidden(teams.error)) return <OwnerOnly error={teams.error} what="teams" />;
  if (teams.error !== undefined && !teams.data) {
    return (
      <Alert tone="danger" title="Could not load the teams" action={<Button onClick={teams.reload}>Try again</Button>}>
        {errorText(teams.error)}
      </Alert>
    );
  }
  if (!teams.data) return <Loading label="Loading teams…" />;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!name.trim()) return;
    void create.run(name.trim()).then((done) => {
      if (!done) return;
      setName('');
      onChanged();
    });
  };
  return (
    <div className="teams">
      {owner && (
        <form className="inline-form" onSubmit={submit} aria-label="Add a team">
          <TextInput aria-label="New team name" value={name} maxLength={48} placeholder="team name, e.g. platform" onChange={(event) => setName(event.target.value.toLowerCase())} />
          <Button type="submit" variant="primary" icon="plus" busy={create.pending} disabled={!name.trim()}>
            Add team
          </Button>
        </form>
      )}
      {create.error !== undefined && <Alert tone="danger">{errorText(create.error)}</Alert>}
      {teams.data.length === 0 ? (
        <EmptyState icon="users" title="No teams yet">
          A team gives all its members a role at once: grant “platform” the manager role on a server and everyone in it can manage that server.
        </EmptyState>
      ) : (
        [...teams.data].sort((a, b) => a.name.localeCompare(b.name)).map((team) => <TeamCard key={team.id} team={team} users={users} owner={owner} onChanged={onChanged} />)
      )}
    </div>
  );
}

function TeamCard({ team, users, owner, onChanged }: { team: TeamView; users: UserView[]; owner: boolean; onChanged: () => void }) {
  const [member, setMember] = useState('');
  const [confirm, setConfirm] = useState(false);
  const change = useAction(async (action: 'add' | 'remove', user: string) => {
    const result = action === 'add' ? await accessApi.addMember(team.name, user) : await accessApi.removeMember(team.name, user);
    onChanged();
    return result;
  });
  const remove = useAction(() => accessApi.removeTeam(team.name));
  const candidates = users.filter((user) => !user.owner && !team.members.includes(user.name));
  return (
    <section className="card team-card" data-team={team.name} aria-label={`Team ${team.name}`}>
      <div className="card-head">
        <h2 className="card-title">
          <Icon name="users" /> {team.name}
          <span className="muted team-count">
            {team.members.length} member{team.members.length === 1 ? '' : 's'}
          </span>
        </h2>
        {owner && (
          <Button size="sm" variant="ghost" icon="trash" onClick={() => setConfirm(true)} aria-label={`Remove team ${team.name}`}>
            Remove team
          </Button>
        )}
      </div>
      {team.members.length === 0 ? (
        <p className="muted">No members yet.</p>
      ) : (
        <ul className="member-list">
          {team.members.map((name) => (
            <li key={name} className="member" data-member={name}>
              {name}
              {owner && (
                <button type="button" className="member-remove" aria-label={`Remove ${name} from ${team.name}`} title={`Remove ${name} from ${team.name}`} disabled={change.pending} onClick={() => void change.run('remove', name)}>
                  <Icon name="x" size={12} />
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {owner && (
        <form
          className="inline-form"
          aria-label={`Add a member to ${team.name}`}
          onSubmit={(event) => {
            event.preventDefault();
            if (!member) return;
            void change.run('add', member).then((done) => done && setMember(''));
          }}
        >
          <Select aria-label={`User to add to ${team.name}`} value={member} onChange={(event) => setMember(event.target.value)} disabled={candidates.length === 0}>
            <option value="">{candidates.length === 0 ? 'Everyone is in this team already' : 'Choose a user…'}</option>
            {candidates.map((user) => (
              <option key={user.id} value={user.name}>
                {user.name}
                {user.displayName ? ` (${user.displayName})` : ''}
              </option>
            ))}
          </Select>
          <Button type="submit" size="sm" icon="plus" disabled={!member} busy={change.pending}>
            Add member
          </Button>
        </form>
      )}
      {change.error !== undefined && <Alert tone="danger">{errorText(change.error)}</Alert>}
      <ConfirmDialog
        target={confirm ? team : undefined}
        title={`Remove team ${team.name}?`}
        submitLabel="Remove team"
        action={remove}
        run={() => remove.run()}
        onDismiss={() => setConfirm(false)}
        onDone={onChanged}
      >
        <p>Its members stay, but lose the roles they had through “{team.name}”.</p>
      </ConfirmDialog>
    </section>
  );
}
