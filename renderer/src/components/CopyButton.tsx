import { useEffect, useState } from 'react';
import { Button } from './ui';

/** Copies `text` to the clipboard and says so for two seconds. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall back to a selection copy (clipboard API unavailable or denied).
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const ok = document.execCommand('copy');
  area.remove();
  if (!ok) throw new Error('Copying is blocked in this browser: select the text and press Ctrl+C.');
}

export function CopyButton({ text, label = 'Copy', size = 'sm', variant = 'secondary' }: { text: string; label?: string; size?: 'sm' | 'md'; variant?: 'secondary' | 'ghost' | 'primary' }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <Button
      size={size}
      variant={variant}
      icon={state === 'copied' ? 'check' : 'copy'}
      onClick={() => copyText(text).then(() => setState('copied'), () => setState('failed'))}
      aria-live="polite"
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </Button>
  );
}

export function CodeBlock({ code, label, copyLabel }: { code: string; label?: string; copyLabel?: string }) {
  return (
    <div className="code-block">
      {label && <div className="code-label">{label}</div>}
      <div className="code-copy">
        <CopyButton text={code} label={copyLabel ?? 'Copy'} variant="ghost" />
      </div>
      <pre tabIndex={0}>
        <code>{code}</code>
      </pre>
    </div>
  );
}
