/**
 * Tesseract's Chinese models put a space between most Han characters
 * ("根治 高 血压"). Chinese is written without spaces, and the lexicons match
 * phrases like 根治高血压, so spaces between two Han characters are removed.
 * Hangul keeps its spaces: Korean separates words with them.
 */
const SPACE_BETWEEN_HAN = /(?<=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])[ \t]+(?=[\p{Script=Han}\u3000-\u303f\uff00-\uffef])/gu;

export function tidyOcrText(text: string): string {
  return text
    .replace(SPACE_BETWEEN_HAN, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}
