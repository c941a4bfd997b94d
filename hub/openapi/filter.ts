// Include / exclude filters over tags, path globs, methods and operation names.
import type { OperationFilter } from './types';

export interface FilterSubject {
  method: string;
  path: string;
  tags: string[];
  operationId?: string;
  toolName: string;
}

/** `*` matches within one path segment, `**` across segments, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const char = glob[i] as string;
    if (char === '*') {
      if (glob[i + 1] === '*') {
        source += '.*';
        i += 1;
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function isEmptyFilter(filter: OperationFilter | undefined): boolean {
  return !filter || [filter.tags, filter.paths, filter.methods, filter.operations].every((list) => !list || list.length === 0);
}

/** True when every field the filter sets has an entry that matches. */
export function matchesFilter(filter: OperationFilter, subject: FilterSubject): boolean {
  if (filter.tags?.length) {
    const wanted = new Set(filter.tags.map((tag) => tag.toLowerCase()));
    if (!subject.tags.some((tag) => wanted.has(tag.toLowerCase()))) return false;
  }
  if (filter.paths?.length && !filter.paths.some((glob) => globToRegExp(glob).test(subject.path))) return false;
  if (filter.methods?.length && !filter.methods.some((method) => method.toLowerCase() === subject.method)) return false;
  if (filter.operations?.length && !filter.operations.some((name) => name === subject.operationId || name === subject.toolName)) return false;
  return true;
}

export function isSelected(subject: FilterSubject, include: OperationFilter | undefined, exclude: OperationFilter | undefined): boolean {
  if (!isEmptyFilter(include) && include && !matchesFilter(include, subject)) return false;
  if (!isEmptyFilter(exclude) && exclude && matchesFilter(exclude, subject)) return false;
  return true;
}
