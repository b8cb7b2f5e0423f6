/** An error the CLI reports as one line and a non-zero exit code. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // Our errors may span a few lines (what is missing, how to fix it); a library's may hold a whole dump.
    const lines = err.message.split('\n');
    const shown = lines.length > 15 ? [...lines.slice(0, 15), `  … (${lines.length - 15} more lines; SHELFWATCH_DEBUG=1 prints all)`] : lines;
    return `${typeof code === 'string' ? `[${code}] ` : ''}${shown.join('\n')}`;
  }
  return String(err);
}
