import { describe, expect, it } from 'vitest';
import { DEFAULT_STAGE_CONCURRENCY, jobError, parseStageConcurrency, parseStages } from '../../../../pipeline/workers/host.js';

describe('when a worker is told which stages to run', () => {
  it('runs every stage by default and the named ones otherwise, once each', () => {
    expect(parseStages(undefined)).toEqual(['crawl', 'ocr', 'classify', 'triage', 'takedown-verify']);
    expect(parseStages('ocr, classify,ocr')).toEqual(['ocr', 'classify']);
  });
  it('refuses an unknown stage, listing the real ones', () => {
    expect(() => parseStages('crawl,ocrr')).toThrow('unknown stage "ocrr" (stages: crawl, ocr, classify, triage, takedown-verify)');
  });
});

describe('when per-stage concurrency is configured', () => {
  it('overrides only the stages it names', () => {
    expect(parseStageConcurrency('classify=8, ocr=1')).toEqual({ classify: 8, ocr: 1 });
    expect(parseStageConcurrency('')).toEqual({});
  });
  it('refuses unknown stages and counts below 1', () => {
    expect(() => parseStageConcurrency('clasify=8')).toThrow(/unknown stage "clasify"/);
    expect(() => parseStageConcurrency('ocr=0')).toThrow(/concurrency of ocr must be ≥ 1/);
  });
  it('keeps OCR at one job per process by default, so a worker holds one tesseract instance', () => {
    expect(DEFAULT_STAGE_CONCURRENCY.ocr).toBe(1);
  });
});

describe('when a failed job keeps its error in Redis', () => {
  it('keeps the first line and the root cause, not a driver dump', () => {
    const root = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const err = new Error('Failed query: insert into "listings" …\nparams: a,b,c,[10 kB of listing]', { cause: root });
    const out = jobError(err);
    expect(out.message).toBe('Failed query: insert into "listings" … — caused by: invalid byte sequence for encoding "UTF8": 0x00');
    expect((out as Error & { code?: string }).code).toBe('22021');
    expect(out.cause).toBe(err);
  });
  it('leaves a one-line error as it is', () => {
    const e = new Error('GET https://shop.example/p answered 503');
    expect(jobError(e)).toBe(e);
  });
});
