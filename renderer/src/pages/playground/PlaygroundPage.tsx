import { Tabs } from '../../components/Tabs';
import { Page } from '../../components/ui';
import { navigate } from '../../lib/router';
import { ChatScreen } from './ChatScreen';
import { ToolRunner } from './ToolRunner';

/** `/playground` (chat), `/playground/c/ID` (a stored conversation), `/playground/run` (tool runner). */
export function PlaygroundPage({ section, id }: { section?: string; id?: string }) {
  const active = section === 'run' ? 'run' : 'chat';
  return (
    <Page
      title="Playground"
      subtitle={active === 'chat' ? 'Chat with a model that can call your tools.' : 'Run one tool with arguments of your choice; no model needed.'}
      actions={
        <Tabs
          tabs={[
            { id: 'chat', label: 'Chat' },
            { id: 'run', label: 'Run a tool' },
          ]}
          active={active}
          onChange={(tab) => navigate(tab === 'run' ? '/playground/run' : '/playground')}
          label="Playground mode"
        />
      }
    >
      <div className="tab-panel" role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {active === 'chat' ? <ChatScreen conversationId={section === 'c' ? id : undefined} /> : <ToolRunner />}
      </div>
    </Page>
  );
}
