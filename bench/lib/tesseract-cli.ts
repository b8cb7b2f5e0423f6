import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

/**
 * Runs Debian's `tesseract` command line, one process per image, `parallel`
 * at a time, each single-threaded (OMP_THREAD_LIMIT=1) so one image takes one
 * core like a pool worker does. GNU time reports each process's CPU time and
 * peak RSS, which Node cannot see for a child.
 */

const run = promisify(execFile);
const GNU_TIME = '/usr/bin/time';

export interface CliResult {
  text: string;
  cpuSeconds?: number;
  maxRssKb?: number;
}

export function tesseractCliAvailable(): boolean {
  return existsSync('/usr/bin/tesseract');
}

export async function runTesseractCli(
  jobs: Array<{ file: string; languages: string }>,
  options: { parallel: number; pageSegMode: string },
): Promise<CliResult[]> {
  const results: CliResult[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await runOne(jobs[i]!, options.pageSegMode);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, jobs.length) }, lane));
  return results;
}

async function runOne(job: { file: string; languages: string }, pageSegMode: string): Promise<CliResult> {
  const args = [job.file, 'stdout', '-l', job.languages, '--psm', pageSegMode];
  const env = { ...process.env, OMP_THREAD_LIMIT: '1' };
  if (!existsSync(GNU_TIME)) {
    const { stdout } = await run('tesseract', args, { env, maxBuffer: 16 * 1024 * 1024 });
    return { text: stdout };
  }
  // GNU time writes its line last on stderr, after whatever tesseract printed there.
  const { stdout, stderr } = await run(GNU_TIME, ['-f', 'SHELFWATCH_TIME %U %S %M', 'tesseract', ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  const m = /SHELFWATCH_TIME ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  if (!m) throw new Error(`no timing line from ${GNU_TIME}: ${stderr.slice(-300)}`);
  return { text: stdout, cpuSeconds: Number(m[1]) + Number(m[2]), maxRssKb: Number(m[3]) };
}
