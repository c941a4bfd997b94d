// Does a URI match an RFC 6570 URI template? Used only to route `resources/read` to the server
// whose template produced the URI, so it matches loosely: simple `{var}` expressions match one
// path segment, reserved/fragment/path expressions (`{+var}`, `{#var}`, `{/var}`) match anything,
// and query expressions (`{?a,b}`, `{&a}`) match an optional query string.

const cache = new Map<string, RegExp>();

export function matchUriTemplate(template: string, uri: string): boolean {
  let re = cache.get(template);
  if (!re) {
    re = compile(template);
    if (cache.size > 1000) cache.clear();
    cache.set(template, re);
  }
  return re.test(uri);
}

function compile(template: string): RegExp {
  let pattern = '';
  let last = 0;
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    pattern += escape(template.slice(last, match.index));
    const expression = match[1] ?? '';
    const operator = expression[0];
    if (operator === '?' || operator === '&') pattern += '(?:[?&][^#]*)?';
    else if (operator === '+' || operator === '#' || operator === '/') pattern += '.*';
    else if (operator === '.') pattern += '(?:\\.[^/?#]*)?';
    else pattern += '[^/?#]*';
    last = (match.index ?? 0) + match[0].length;
  }
  pattern += escape(template.slice(last));
  return new RegExp(`^${pattern}$`);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
