/**
 * Script-based language guess for the four languages Shelfwatch ships lexicons
 * for. Good enough to pick a lexicon; a listing that states its language keeps it.
 */
const HANGUL = /[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/g;
const HAN = /[\u4e00-\u9fff\u3400-\u4dbf]/g;
// Letters only Vietnamese uses among Latin-script languages we see (ơ ư đ and stacked tone marks).
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/gi;
const LATIN = /[a-z]/gi;

export const SUPPORTED_LANGUAGES = ['en', 'vi', 'zh', 'ko'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];

export function detectLanguage(text: string): string {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const hangul = count(HANGUL);
  const han = count(HAN);
  const vi = count(VIETNAMESE);
  const latin = count(LATIN);
  if (hangul > 0 && hangul >= han) return 'ko';
  if (han > 0 && han * 2 >= latin) return 'zh';
  // A handful of Vietnamese-only letters is decisive: English text has none.
  if (vi >= 2 || (vi >= 1 && latin < 40)) return 'vi';
  if (latin > 0) return 'en';
  if (han > 0) return 'zh';
  return 'und';
}
