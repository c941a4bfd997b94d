import { useState } from 'react';
import type { ToolInfo, ToolResult, JsonObject } from '../../../../shared/types';
import { api, errorText } from '../../api/client';
import { useAction } from '../../api/hooks';
import { CodeBlock } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { Alert, Field, Kbd, TextArea } from '../../components/ui';
import { argumentsSkeleton, parseArguments } from '../../lib/schemaSkeleton';

/** Calls one tool with JSON arguments through `POST /api/call` and shows the result. */
export function TryToolDialog({ server, tool, onClose }: { server: string; tool: ToolInfo; onClose: () => void }) {
  const [text, setText] = useState(() => JSON.stringify(argumentsSkeleton(tool.inputSchema), null, 2));
  const [parseError, setParseError] = useState<string | undefined>();
  const call = useAction((args: Record<string, unknown>) => api.callTool(server, tool.name, args));
  const [result, setResult] = useState<ToolResult | undefined>();

  const run = (): void => {
    const parsed = parseArguments(text);
    if ('error' in parsed) {
      setParseError(parsed.error);
      return;
    }
    setParseError(undefined);
    setResult(undefined);
    void call.run(parsed.value).then((value) => setResult(value));
  };

  return (
    <Dialog open title={`Try ${tool.name}`} onClose={onClose} onSubmit={run} submitLabel="Call tool" busy={call.pending} cancelLabel="Close" width={720}>
      {tool.description && <p className="muted dialog-lead">{tool.description}</p>}
      <Field label="Arguments (JSON)" error={parseError} hint={<>Filled in from the tool's required inputs. <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> calls the tool.</>}>
        {(id, describedBy) => (
          <TextArea
            id={id}
            aria-describedby={describedBy}
            className="code-input"
            rows={8}
            value={text}
            autoFocus
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                run();
              }
            }}
          />
        )}
      </Field>
      <details className="schema-details">
        <summary>Input schema</summary>
        <pre className="schema">{JSON.stringify(tool.inputSchema, null, 2)}</pre>
      </details>
      {call.error !== undefined && <Alert tone="danger" title="The call failed">{errorText(call.error)}</Alert>}
      {result && <ToolResultView result={result} />}
    </Dialog>
  );
}

function ToolResultView({ result }: { result: ToolResult }) {
  return (
    <div className="tool-result" data-testid="tool-result">
      {result.isError ? <Alert tone="danger" title="The tool reported an error" /> : <div className="result-ok">Result</div>}
      {result.content.map((block, index) => (
        <ContentBlock key={index} block={block} />
      ))}
      {result.structuredContent !== undefined && <CodeBlock label="Structured content" code={JSON.stringify(result.structuredContent, null, 2)} />}
    </div>
  );
}

function ContentBlock({ block }: { block: JsonObject }) {
  if (block.type === 'text' && typeof block.text === 'string') return <pre className="result-text">{block.text}</pre>;
  if (block.type === 'image' && typeof block.data === 'string' && typeof block.mimeType === 'string' && block.mimeType.startsWith('image/')) {
    return <img className="result-image" alt="Image returned by the tool" src={`data:${block.mimeType};base64,${block.data}`} />;
  }
  return <CodeBlock label={typeof block.type === 'string' ? block.type : 'content'} code={JSON.stringify(block, null, 2)} />;
}
