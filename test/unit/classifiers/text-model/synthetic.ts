import { parseListing } from '../../../../domain/listing.js';
import type { Expected } from '../../../../domain/labels.js';
import type { LabeledExample } from '../../../../classifiers/text-model/trainer.js';
import { prng } from '../../../../classifiers/text-model/logistic.js';

/** A small labeled corpus in four languages with a clear signal per label, for training tests. */
const LANG = {
  en: { claim: ['Cures diabetes in weeks', 'Stops cancer growth', 'Heals arthritis for good'], neutral: ['A refreshing daily drink', 'Made from selected leaves', 'Store in a cool dry place'], title: ['Herbal tea', 'Honey', 'Phone case', 'Cotton shirt'], free: 'sugar-free', sugar: 'sugar', other: 'green tea leaves', cert: 'Food safety certificate no. FS-12345' },
  vi: { claim: ['Chữa khỏi tiểu đường', 'Đánh bay ung thư', 'Trị dứt điểm gout'], neutral: ['Thức uống mỗi ngày', 'Làm từ lá chọn lọc', 'Bảo quản nơi khô ráo'], title: ['Trà thảo mộc', 'Mật ong', 'Ốp điện thoại', 'Áo thun'], free: 'không đường', sugar: 'đường', other: 'lá trà xanh', cert: 'Số tự công bố: 12/2024/ABC-TCB' },
  zh: { claim: ['根治糖尿病', '抗癌神药', '治愈高血压'], neutral: ['每日清爽饮品', '精选茶叶制成', '请存放于阴凉干燥处'], title: ['草本茶', '蜂蜜', '手机壳', '棉T恤'], free: '无糖', sugar: '白砂糖', other: '绿茶叶', cert: '生产许可证编号：SC10644011500123' },
  ko: { claim: ['당뇨병 완치', '암 치료 효과', '고혈압 치료'], neutral: ['매일 마시는 음료', '엄선한 잎으로 만든', '서늘한 곳에 보관'], title: ['허브차', '꿀', '휴대폰 케이스', '면 티셔츠'], free: '무설탕', sugar: '설탕', other: '녹차잎', cert: '건강기능식품 제2023-0012345호' },
} as const;
export const LANGS = Object.keys(LANG) as Array<keyof typeof LANG>;

export function syntheticRecord(i: number, rand: () => number): Record<string, unknown> & { expected: Expected } {
  const lang = LANGS[i % 4];
  const L = LANG[lang];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const food = rand() < 0.7;
  const claim = rand() < 0.35;
  const certified = food && rand() < 0.5;
  const mislabeled = food && rand() < 0.3;
  const sentences = [pick(L.neutral), ...(claim ? [pick(L.claim)] : []), pick(L.neutral), ...(certified ? [L.cert] : [])];
  return {
    id: `syn:${lang}-${i}`,
    platform: 'syn',
    url: `https://syn.example/p/${i}`,
    title: `${pick(food ? L.title.slice(0, 2) : L.title.slice(2))} ${i % 17}`,
    description: sentences.join('. '),
    language: lang,
    category: food ? 'herbal_tea' : 'electronics',
    labelClaims: mislabeled || rand() < 0.3 ? [L.free] : [],
    ingredients: food ? (mislabeled ? [L.other, L.sugar] : [L.other]) : [],
    // Customers' words are never the seller's claim: positives and negatives alike get them.
    reviews: rand() < 0.5 ? [{ text: pick(L.claim), rating: 5 }] : [],
    expected: { false_health_claim: claim, missing_certificate: food && !certified, mislabeled_food: mislabeled },
  };
}

export function syntheticCorpus(n: number, seed = 7): LabeledExample[] {
  const rand = prng(seed);
  return Array.from({ length: n }, (_, i) => {
    const { expected, ...rest } = syntheticRecord(i, rand);
    return { listing: parseListing({ ...rest, fetchedAt: '2026-01-01T00:00:00Z' }), expected };
  });
}

export function syntheticJsonl(n: number, seed = 7): string {
  const rand = prng(seed);
  return Array.from({ length: n }, (_, i) => JSON.stringify({ ...syntheticRecord(i, rand), fetchedAt: '2026-01-01T00:00:00Z' })).join('\n') + '\n';
}
