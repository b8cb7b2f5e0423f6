import { describe, expect, it } from 'vitest';
import { CLEAR, claimPairs, FLAG, rulesProbe } from '../../helpers/rules-probe.js';

// What health-claims@1.6.0 added after the second fresh dev set: claim *structures* rather than
// words (abbreviations, hashtags, look-alike letters, emoji, drug comparisons and replacements,
// before/after lab numbers, doctors recommending). Each case pairs what must be flagged with the
// look-alike that must not be. Sentences are written for these tests.
const { classify, fhc } = rulesProbe('fhc6');
const pairs = claimPairs(fhc);

describe('disease abbreviations, as written', () => {
  pairs([
    ['en T2D', 'Keeps T2D under control without the usual fuss.', 'Keeps t2 dough soft under a cloth.'],
    ['en HBP', 'Lowers HBP in a fortnight.', 'Lowers the lid gently; hbp is our shop code.'],
    ['vi THA/ĐTĐ', 'Ổn định THA, ĐTĐ chỉ sau một liệu trình.', 'Thả 2 gói vào nồi, ổn định lửa nhỏ.'],
    ['ko ㄷㄴ', 'ㄷㄴ 수치 잡아주는 차', '수치 맞춰 재단한 원단입니다.'],
  ]);
});

describe('spellings that dodge filters: look-alike letters and hashtags', () => {
  pairs([
    ['Cyrillic о inside a Latin word', 'Helps fight diabetеs naturally.', 'Helps fight boredom on long drives.'],
    ['en hashtag', 'Morning brew ☕ #curesdiabetes #coffee', 'Morning brew ☕ #diabetesawareness #coffee'],
    ['vi hashtag', 'Trà thảo mộc #chuatieuduong #tra', 'Trà thảo mộc #tieuduongchiase #tra'],
  ]);
});

describe('drug comparison, replacement and stopping', () => {
  pairs([
    ['en better than a named drug', 'Works better than ibuprofen on joint flare-ups.', 'Softer than cotton and better than linen.'],
    ['en the little blue pill', 'Men say it beats the little blue pill — better than the little blue pill, honestly.', 'Comes in a little blue tin.'],
    ['en off a drug', 'Within a year her doctor took her off metformin.', 'Take the lid off and stir well.'],
    ['en no procedure needed', 'Passes gallbladder stones, no surgery needed.', 'Remove the stones before cooking the cherries.'],
    ['zh 比吃X药还灵', '比吃安眠药还管用，一觉到天亮。', '比薯片还好吃，一口接一口。'],
    ['zh drug dose reduced', '吃了三个月，二甲双胍减量了。', '吃了三个月，体重没变。'],
    ['ko 없이 after a drug', '콜히친 없이도 통풍 발작 걱정 끝.', '농약 없이 키운 쌀입니다.'],
    ['emoji pill crossed out', '💊❌ sugar down naturally', '❌ no returns on opened packs'],
  ]);
});

describe('before/after lab numbers', () => {
  pairs([
    ['en', 'My A1C went from 8.9 to 6.1 this spring.', 'Serving size went from 30 to 25 grams.'],
    ['vi', 'Uống 1 tháng men gan từ 150 xuống 45.', 'Giá từ 150k xuống 120k trong tuần này.'],
    ['zh', '吃了两个月，血糖从12降到6.5。', '限时活动，价格从120降到99。'],
    ['ko', '요산 수치 8.5 → 5.9 로 떨어졌어요.', '용량 500 → 700ml 로 리뉴얼'],
  ]);
});

describe('emoji and improvement words next to a disease', () => {
  pairs([
    ['zh chart down', '血压📉📉 每天一杯', '价格📉 限时特惠'],
    ['zh 变轻/转阴', '吃了两盒，脂肪肝变轻度了。', '这款颜色变轻了一点。'],
    ['zh 抑制', '长期喝能抑制肿瘤生长。', '抑制不住的好心情，一口就爱上。'],
  ]);
});

describe('doctors recommending and new disease families', () => {
  pairs([
    ['zh doctor recommends for a disease', '内分泌科主任推荐，糖尿病人每天吃两片。', '店长推荐的家常菜谱，每天换着吃。'],
    ['vi child nutrition', 'Chống còi xương, hết biếng ăn cho bé.', 'Xương heo hầm cho bé ăn dặm.'],
    ['ko eye disease', '백내장·황반변성 예방', '눈이 편안한 간접 조명'],
    ['ko infection', '바이러스 감염을 막아줍니다.', '습기를 막아줍니다.'],
    ['vi K for cancer', 'Giúp ngăn ngừa K hiệu quả.', 'Sản phẩm k chứa đường, ngọt thanh.'],
  ]);
});

describe('weight-loss guarantees', () => {
  pairs([
    ['en sizes in days', 'Guaranteed to drop 2 dress sizes in 30 days.', 'Guaranteed to arrive in 3 days.'],
    ['ko per month', '한 달에 -8kg, 빠지지 않으면 환불', '한 달에 10kg 드시는 가정에 추천'],
  ]);
});

describe('denials and cautions', () => {
  it('reads a question answered "no" as a denial, and one answered "yes" as a claim', () => {
    expect(fhc({ description: 'Q: Will this tea cure my diabetes? A: No. It is a tea, not a medicine.' })).toBeLessThan(CLEAR);
    expect(fhc({ description: 'Will this tea cure my diabetes? Yes, in three weeks.' })).toBeGreaterThan(FLAG);
  });
  it('reads a caution for people on a diabetes drug as no claim', () => {
    expect(fhc({ description: '의약품(당뇨치료제) 복용 시 섭취에 주의하세요.' })).toBeLessThan(CLEAR);
    expect(fhc({ description: '이 차가 당뇨를 치료합니다.' })).toBeGreaterThan(FLAG);
  });
});
