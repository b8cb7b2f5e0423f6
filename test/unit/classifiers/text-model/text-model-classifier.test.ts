import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArtifact, writeArtifact } from '../../../../classifiers/text-model/artifact.js';
import { partition } from '../../../../classifiers/text-model/split.js';
import { TextModelClassifier } from '../../../../classifiers/text-model/text-model-classifier.js';
import { TEXT_MODEL_CODE_VERSION, trainTextModel } from '../../../../classifiers/text-model/trainer.js';
import { LABELS } from '../../../../domain/labels.js';
import { syntheticCorpus } from './synthetic.js';

const corpus = syntheticCorpus(400);
const split = partition(corpus, (e) => e.listing.id);
const artifact = trainTextModel(split.train, split.calibration, split.test, {
  epochs: 10,
  corpus: { path: 'synthetic', sha256: 'ab'.repeat(32), listings: corpus.length },
  dataSha256: 'ab'.repeat(32),
  createdAt: '2026-01-01T00:00:00Z',
});
const dir = mkdtempSync(path.join(tmpdir(), 'text-model-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('when the text model is trained, saved and loaded', () => {
  it('names its version after the data and reports test metrics per label and language', () => {
    expect(artifact.version).toBe(`text-model@${TEXT_MODEL_CODE_VERSION}+abababab`);
    const test = artifact.metrics.test as { perLabel: Record<string, { f1: number }>; perLanguage: Record<string, unknown> };
    for (const l of LABELS) expect(test.perLabel[l].f1).toBeGreaterThan(0.85);
    expect(Object.keys(test.perLanguage).sort()).toEqual(['en', 'ko', 'vi', 'zh']);
  });

  it('gives identical predictions after a save/load round-trip', () => {
    const file = path.join(dir, 'text-model.v1.json');
    writeArtifact(file, artifact);
    expect(statSync(file).size).toBeLessThan(5 * 1024 * 1024);
    const a = new TextModelClassifier(artifact);
    const b = TextModelClassifier.fromFile(file);
    expect(b.version).toBe(a.version);
    for (const e of split.test) expect(b.classify({ listing: e.listing })).toEqual(a.classify({ listing: e.listing }));
    expect(readArtifact(file).calibration).toEqual(artifact.calibration);
  });

  it('scores in [0,1] and points its evidence at the words in the field they came from', () => {
    const c = new TextModelClassifier(artifact);
    const claim = split.test.find((e) => e.expected.false_health_claim && e.listing.language === 'en') ?? corpus.find((e) => e.expected.false_health_claim && e.listing.language === 'en')!;
    const p = c.classify({ listing: claim.listing });
    for (const l of LABELS) {
      expect(p.scores[l]).toBeGreaterThanOrEqual(0);
      expect(p.scores[l]).toBeLessThanOrEqual(1);
    }
    expect(p.scores.false_health_claim).toBeGreaterThan(0.5);
    const ev = p.evidence.filter((e) => e.label === 'false_health_claim' && e.field === 'description');
    expect(ev.length).toBeGreaterThan(0);
    for (const e of ev) expect(claim.listing.description.slice(e.start, e.end)).toBe(e.span);
    expect(ev.map((e) => e.span).join(' ')).toMatch(/cures|diabetes|cancer|stops|heals|arthritis/i);
    expect(p.classifier).toBe('text-model');
  });
});
