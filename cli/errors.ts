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
    return `${typeof code === 'string' ? `[${code}] ` : ''}${err.message.split('\n')[0]}`;
  }
  return String(err);
}
