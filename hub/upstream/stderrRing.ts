/** Keeps the last `capacity` lines a child process wrote to stderr (partial lines are joined). */
export class StderrRing {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly capacity = 500) {}

  push(chunk: string | Buffer): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
    // A runaway line without a newline must not grow without bound.
    if (this.partial.length > 64 * 1024) {
      this.add(this.partial);
      this.partial = '';
    }
  }

  /** The last `count` lines (all kept lines by default), including an unfinished last line. */
  tail(count: number = this.capacity): string[] {
    const all = this.partial === '' ? this.lines : [...this.lines, this.partial];
    return count <= 0 ? [] : all.slice(-count);
  }

  clear(): void {
    this.lines.length = 0;
    this.partial = '';
  }

  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }
}
