import type { PullEvent } from './model-pull.js';

/** `[##########----------]  50%` for a fraction in [0,1]. */
export function renderBar(fraction: number, width = 24): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(f * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(f * 100)).padStart(3)}%`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/**
 * Turns pull events into terminal output: on a TTY one line per model redrawn
 * in place; in a log (CI, redirected output) a line per 25% so the log stays short.
 */
export function createPullProgressPrinter(stream: ProgressStream, now: () => number = Date.now): (e: PullEvent) => void {
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastQuarter = -1;
  let lastLen = 0;
  const draw = (line: string) => {
    // Pad over the previous, longer line instead of relying on ANSI clear codes.
    stream.write(`\r${line}${' '.repeat(Math.max(0, lastLen - line.length))}`);
    lastLen = line.length;
  };
  return (e) => {
    switch (e.type) {
      case 'model-start':
        lastQuarter = -1;
        lastLen = 0;
        stream.write(
          `[${e.index + 1}/${e.count}] ${e.modelId}${e.approxBytes ? ` (about ${formatBytes(e.approxBytes)})` : ''}\n`,
        );
        break;
      case 'model-present':
        stream.write(`  already here (${e.source}): ${e.dir}\n`);
        break;
      case 'model-progress': {
        const line = `  ${renderBar(e.fraction)} ${formatBytes(e.loaded)} / ${formatBytes(e.total)}`;
        if (tty) {
          // Redrawing more than ~10 times a second only costs CPU the download needs.
          if (now() - lastDraw >= 100 || e.fraction >= 1) {
            draw(line);
            lastDraw = now();
          }
        } else {
          const quarter = Math.floor(e.fraction * 4);
          if (quarter > lastQuarter) {
            stream.write(`${line}\n`);
            lastQuarter = quarter;
          }
        }
        break;
      }
      case 'model-done':
        if (tty && lastLen) stream.write('\n');
        stream.write(`  saved to ${e.dir}\n`);
        break;
      case 'file-progress':
      case 'file-done':
        // The per-model bar already counts every file.
        break;
    }
  };
}
