import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OcrSettingsError } from '../../../../classifiers/ocr/errors.js';
import { DEFAULT_OCR_SETTINGS_PATH, loadOcrSettings, tesseractLanguageFor } from '../../../../classifiers/ocr/settings.js';
import { OCR_ENGINE_VERSION, TESSERACT_JS_VERSION } from '../../../../classifiers/ocr/tesseract-pool.js';

describe('when the shipped OCR settings are loaded', () => {
  const settings = loadOcrSettings();

  it('maps each listing language to its tesseract set, script language first', () => {
    expect(['en', 'vi', 'zh', 'ko'].map((l) => tesseractLanguageFor(l, settings))).toEqual(['eng', 'vie+eng', 'chi_sim+eng', 'kor+eng']);
  });

  it('reads region-tagged and upper-case languages by their primary subtag', () => {
    expect(tesseractLanguageFor('vi-VN', settings)).toBe('vie+eng');
    expect(tesseractLanguageFor('ZH_cn', settings)).toBe('chi_sim+eng');
  });

  it('falls back for a language it does not name', () => {
    expect(tesseractLanguageFor('und', settings)).toBe(settings.fallbackLanguage);
  });
});

describe('when a settings file is wrong', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocr-settings-'));

  it('names the file and the bad field', () => {
    const raw = JSON.parse(readFileSync(DEFAULT_OCR_SETTINGS_PATH, 'utf8'));
    raw.languages.vi = 'eng+vie+';
    raw.image.maxBytes = -1;
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(raw));
    expect(() => loadOcrSettings(file)).toThrow(OcrSettingsError);
    expect(() => loadOcrSettings(file)).toThrow(/languages\.vi.*image\.maxBytes|image\.maxBytes.*languages\.vi/);
  });

  it('says when the file is not JSON', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    expect(() => loadOcrSettings(file)).toThrow(/cannot be read as JSON/);
  });
});

describe('when the engine version is reported', () => {
  it('names the installed tesseract.js release and the npm model variant', () => {
    const installed = createRequire(import.meta.url)('tesseract.js/package.json') as { version: string };
    expect(TESSERACT_JS_VERSION).toBe(installed.version);
    expect(OCR_ENGINE_VERSION).toBe(`tesseract.js@${installed.version}+best_int-4.0.0`);
  });
});
