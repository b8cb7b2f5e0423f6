import { execFile } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OcrEngineError } from '../../../../classifiers/ocr/errors.js';
import { preprocessImage } from '../../../../classifiers/ocr/preprocess.js';
import { assembleNpmTessdata } from '../../../../classifiers/ocr/tessdata.js';
import { TesseractPool } from '../../../../classifiers/ocr/tesseract-pool.js';
import { LANGUAGE_LABELS } from '../../../fixtures/ocr/labels.js';
import { FIXTURES_DIR, OCR_TIMEOUT_MS, fixture, squash, testSettings } from './helpers.js';

const settings = testSettings();
const run = promisify(execFile);

async function prepared(file: string): Promise<Buffer> {
  return (await preprocessImage(fixture(file), settings.image)).png;
}

describe('when the pool reads images', () => {
  // Two workers in all: a second language set must evict the first.
  let pool: TesseractPool;
  let english: Buffer;
  let vietnamese: Buffer;

  beforeAll(async () => {
    pool = new TesseractPool({ poolSize: 2, maxWorkers: 2, pageSegMode: settings.tesseract.pageSegMode });
    english = await prepared(LANGUAGE_LABELS[0]!.file);
    vietnamese = await prepared(LANGUAGE_LABELS[1]!.file);
  });
  afterAll(() => pool.close());

  it(
    'creates nothing until the first image',
    () => {
      expect(pool.snapshot()).toMatchObject({ lanes: [], totalWorkers: 0, schedulersCreated: 0 });
    },
  );

  it(
    'reuses one scheduler for a language set across calls, with at most poolSize workers',
    async () => {
      const first = await pool.recognize(english, { language: 'eng' });
      expect(squash(first.text)).toContain('curesdiabetes');
      const lane = pool.snapshot().lanes[0]!;
      await Promise.all([1, 2, 3].map(() => pool.recognize(english, { language: 'eng' })));
      const after = pool.snapshot();
      expect(after.schedulersCreated).toBe(1);
      expect(after.lanes).toEqual([expect.objectContaining({ languages: 'eng', schedulerId: lane.schedulerId, running: 0 })]);
      // The second worker may still be starting when three short jobs are done: count it either way.
      expect(after.lanes[0]!.workers + after.lanes[0]!.starting).toBe(2);
    },
    OCR_TIMEOUT_MS,
  );

  it(
    'ends the idle least recently used language set when another needs its workers',
    async () => {
      const vi = await pool.recognize(vietnamese, { language: 'vie+eng' });
      expect(squash(vi.text)).toContain(squash('tiểu đường'));
      const after = pool.snapshot();
      expect(after.lanes.map((l) => l.languages)).toEqual(['vie+eng']);
      expect(after.totalWorkers).toBeLessThanOrEqual(2);
      expect(after.schedulersCreated).toBe(2);
    },
    OCR_TIMEOUT_MS,
  );

  it(
    'never starts a queued image whose signal is aborted',
    async () => {
      // poolSize is 2, so a third image waits in the pool's queue.
      const busy = Promise.all([pool.recognize(vietnamese, { language: 'vie+eng' }), pool.recognize(vietnamese, { language: 'vie+eng' })]);
      const controller = new AbortController();
      const queued = pool.recognize(vietnamese, { language: 'vie+eng', signal: controller.signal });
      const outcome = queued.catch((e: unknown) => e);
      await new Promise((r) => setImmediate(r));
      const waiting = pool.snapshot().queued;
      expect(waiting).toBeGreaterThanOrEqual(1);
      controller.abort();
      expect(await outcome).toMatchObject({ name: 'AbortError' });
      expect(pool.snapshot().queued).toBe(waiting - 1);
      await busy;
    },
    OCR_TIMEOUT_MS,
  );

  it(
    'fails a language set with no data, naming what to install',
    async () => {
      const error = await pool.recognize(english, { language: 'tha' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OcrEngineError);
      expect(error).toMatchObject({ code: 'OCR_LANGUAGE_UNAVAILABLE', message: expect.stringMatching(/@tesseract\.js-data\/tha/) });
    },
  );
});

describe('when more language sets are waiting than workers may exist', () => {
  it(
    'serves the oldest image first instead of feeding newer ones to the language set already loaded',
    async () => {
      const pool = new TesseractPool({ poolSize: 1, maxWorkers: 1 });
      try {
        const english = await prepared(LANGUAGE_LABELS[0]!.file);
        const vietnamese = await prepared(LANGUAGE_LABELS[1]!.file);
        const done: string[] = [];
        const track = (name: string, p: Promise<unknown>) => p.then(() => done.push(name));
        await Promise.all([
          track('eng-1', pool.recognize(english, { language: 'eng' })),
          track('vie', pool.recognize(vietnamese, { language: 'vie+eng' })),
          track('eng-2', pool.recognize(english, { language: 'eng' })),
        ]);
        expect(done).toEqual(['eng-1', 'vie', 'eng-2']);
        expect(pool.snapshot().totalWorkers).toBe(1);
      } finally {
        await pool.close();
      }
    },
    OCR_TIMEOUT_MS,
  );
});

describe('when a recognition runs past its time limit', () => {
  it(
    'fails it with OCR_TIMEOUT and replaces the language set\'s scheduler',
    async () => {
      const pool = new TesseractPool({ poolSize: 1, jobTimeoutMs: 1 });
      try {
        const image = await prepared(LANGUAGE_LABELS[0]!.file);
        await expect(pool.recognize(image, { language: 'eng' })).rejects.toMatchObject({ code: 'OCR_TIMEOUT' });
        await expect(pool.recognize(image, { language: 'eng' })).rejects.toMatchObject({ code: 'OCR_TIMEOUT' });
        expect(pool.snapshot()).toMatchObject({ schedulersCreated: 2, lastError: { code: 'OCR_TIMEOUT' } });
      } finally {
        await pool.close();
      }
    },
    OCR_TIMEOUT_MS,
  );
});

describe('when the pool is closed', () => {
  it(
    'fails waiting and later images with OCR_ENGINE_CLOSED and ends every worker',
    async () => {
      const pool = new TesseractPool({ poolSize: 1 });
      const image = await prepared(LANGUAGE_LABELS[0]!.file);
      await pool.recognize(image, { language: 'eng' });
      const running = pool.recognize(image, { language: 'eng' });
      const waiting = pool.recognize(image, { language: 'eng' });
      // Handlers first: the rejections happen during close().
      const outcomes = Promise.allSettled([running, waiting]);
      await new Promise((r) => setImmediate(r));
      await pool.close();
      for (const outcome of await outcomes) {
        expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'OCR_ENGINE_CLOSED' } });
      }
      await expect(pool.recognize(image, { language: 'eng' })).rejects.toMatchObject({ code: 'OCR_ENGINE_CLOSED' });
      expect(pool.snapshot()).toMatchObject({ lanes: [], totalWorkers: 0 });
    },
    OCR_TIMEOUT_MS,
  );

  it.each(['close', 'forget'])(
    'lets the process exit on its own after %s',
    async (mode) => {
      const script = path.join(FIXTURES_DIR, 'read-once.ts');
      // A hanging worker would keep the child alive until the timeout kills it (and execFile rejects).
      const { stdout } = await run(process.execPath, ['--import', 'tsx', script, mode], { timeout: 45_000 });
      expect(stdout).toContain('Cures diabetes');
    },
    OCR_TIMEOUT_MS,
  );
});

describe('when the language data sits in a configured folder', () => {
  it(
    'reads from it with the given gzip setting and names its version',
    async () => {
      const npm = await assembleNpmTessdata();
      const dir = mkdtempSync(path.join(os.tmpdir(), 'ocr-langpath-'));
      symlinkSync(path.join(npm.langPath, 'eng.traineddata.gz'), path.join(dir, 'eng.traineddata.gz'));
      const pool = new TesseractPool({ poolSize: 1, tessdata: { langPath: dir, gzip: true, dataVersion: 'custom-1' } });
      try {
        expect(pool.version).toBe('tesseract.js@7.0.0+custom-1');
        const out = await pool.recognize(await prepared(LANGUAGE_LABELS[0]!.file), { language: 'eng' });
        expect(squash(out.text)).toContain('curesdiabetes');
        await expect(pool.recognize(await prepared(LANGUAGE_LABELS[1]!.file), { language: 'vie+eng' })).rejects.toMatchObject({
          code: 'OCR_LANGUAGE_UNAVAILABLE',
        });
      } finally {
        await pool.close();
      }
    },
    OCR_TIMEOUT_MS,
  );
});

describe('when a worker cannot start', () => {
  it(
    'fails the images waiting for it with OCR_ENGINE_FAILED instead of hanging',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'ocr-broken-'));
      writeFileSync(path.join(dir, 'eng.traineddata.gz'), gzipSync(Buffer.from('not a traineddata file')));
      const pool = new TesseractPool({ poolSize: 1, tessdata: { langPath: dir, gzip: true, dataVersion: 'broken' } });
      try {
        const image = await prepared(LANGUAGE_LABELS[0]!.file);
        const outcomes = await Promise.allSettled([pool.recognize(image, { language: 'eng' }), pool.recognize(image, { language: 'eng' })]);
        for (const outcome of outcomes) {
          expect(outcome).toMatchObject({ status: 'rejected', reason: { code: 'OCR_ENGINE_FAILED' } });
        }
        expect(pool.snapshot()).toMatchObject({ lanes: [], queued: 0, lastError: { code: 'OCR_ENGINE_FAILED' } });
      } finally {
        await pool.close();
      }
    },
    OCR_TIMEOUT_MS,
  );
});
