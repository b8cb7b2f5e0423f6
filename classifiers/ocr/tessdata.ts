import { existsSync } from 'node:fs';
import { copyFile, mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { OcrEngineError } from './errors.js';

/**
 * Where tesseract.js reads its language data from. tesseract.js fetches from a
 * CDN whenever `langPath` is missing, and takes one `langPath` for all languages
 * of a worker, so Shelfwatch always hands it one local folder holding every
 * language it may load.
 */

export interface TessdataSource {
  /** Folder with `<lang>.traineddata` (or `.gz` when `gzip`). */
  langPath: string;
  /** Whether files end in `.traineddata.gz` (npm packages) or are plain (Debian's `tesseract-ocr-*`). */
  gzip: boolean;
  /** Names the model files in the engine version, e.g. `best_int-4.0.0`. */
  dataVersion: string;
}

/** The npm packages @tesseract.js-data/<lang> ship this model variant; it is what OCR_ENGINE_VERSION names. */
export const NPM_TESSDATA_VARIANT = '4.0.0_best_int';
export const NPM_TESSDATA_VERSION = 'best_int-4.0.0';
/** Languages with an @tesseract.js-data package in package.json. */
export const NPM_TESSDATA_LANGUAGES = ['eng', 'vie', 'chi_sim', 'kor'] as const;

/** Debian's tesseract-ocr-<lang> packages: tessdata_fast 4.1.0 models, uncompressed. */
export const DEBIAN_TESSDATA: TessdataSource = {
  langPath: '/usr/share/tesseract-ocr/5/tessdata',
  gzip: false,
  dataVersion: 'fast-4.1.0-debian',
};

const require = createRequire(import.meta.url);

/**
 * Links the npm language packages into one folder, `<cacheDir>/tessdata-<variant>`.
 * Symlinks keep the folder a few hundred bytes; where the file system refuses
 * them, the files (2-3 MB each) are copied. Safe to call from several processes.
 */
export async function assembleNpmTessdata(
  cacheDir: string = path.join(os.tmpdir(), 'shelfwatch-ocr'),
  languages: readonly string[] = NPM_TESSDATA_LANGUAGES,
): Promise<TessdataSource> {
  const langPath = path.join(cacheDir, `tessdata-${NPM_TESSDATA_VARIANT}`);
  await mkdir(langPath, { recursive: true });
  for (const lang of languages) {
    await linkInto(langPath, `${lang}.traineddata.gz`, npmTraineddata(lang));
  }
  return { langPath, gzip: true, dataVersion: NPM_TESSDATA_VERSION };
}

function npmTraineddata(lang: string): string {
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`@tesseract.js-data/${lang}/package.json`);
  } catch (cause) {
    throw new OcrEngineError(
      'OCR_LANGUAGE_UNAVAILABLE',
      `no OCR data for '${lang}': the npm package @tesseract.js-data/${lang} is not installed; add it to package.json and run npm install`,
      { cause },
    );
  }
  const file = path.join(path.dirname(pkgJson), NPM_TESSDATA_VARIANT, `${lang}.traineddata.gz`);
  if (!existsSync(file)) {
    throw new OcrEngineError(
      'OCR_LANGUAGE_UNAVAILABLE',
      `@tesseract.js-data/${lang} has no ${NPM_TESSDATA_VARIANT}/${lang}.traineddata.gz: reinstall the package (npm ci)`,
    );
  }
  return file;
}

async function linkInto(dir: string, name: string, target: string): Promise<void> {
  const dest = path.join(dir, name);
  const current = await readlink(dest).catch((err: NodeJS.ErrnoException) => {
    // EINVAL: a regular file (an earlier copy); ENOENT: not there yet. Both are answers, not failures.
    if (err.code === 'ENOENT' || err.code === 'EINVAL') return undefined;
    throw err;
  });
  if (current === target) return;
  if (current === undefined && existsSync(dest)) return; // a copy made where symlinks were refused
  // Link under a unique name, then rename over: another process may be doing the same right now.
  const tmp = `${dest}.${process.pid}.${Date.now()}.tmp`;
  try {
    await symlink(target, tmp);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    await copyFile(target, tmp);
  }
  try {
    await rename(tmp, dest);
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Fails fast, naming the package to install, when a language set needs a file the folder lacks. */
export function assertLanguagesAvailable(languageSet: string, source: TessdataSource): void {
  for (const lang of languageSet.split('+')) {
    const file = path.join(source.langPath, `${lang}.traineddata${source.gzip ? '.gz' : ''}`);
    if (existsSync(file)) continue;
    const hint =
      source.langPath === DEBIAN_TESSDATA.langPath
        ? `apt-get install tesseract-ocr-${lang.replace(/_/g, '-')}`
        : `add @tesseract.js-data/${lang} to package.json, or point langPath at a folder with ${path.basename(file)}`;
    throw new OcrEngineError('OCR_LANGUAGE_UNAVAILABLE', `no OCR data for '${lang}' (${file} is missing): ${hint}`);
  }
}
