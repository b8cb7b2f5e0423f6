import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RulesClassifier } from '../../../classifiers/rules-classifier.js';
import { parseListing, type ListingInput } from '../../../domain/listing.js';
import { ROOT } from '../../helpers/cli.js';

// One positive and one hard negative per language (zh, ko) for each pattern family added in
// label-contradictions@1.3.0.
const rules = new RulesClassifier(path.join(ROOT, 'models'));
let n = 0;
const mf = (o: Partial<ListingInput>) =>
  rules.classify({ listing: parseListing({ id: `lc13:${n++}`, platform: 't', url: 'https://t.example/p', title: 'x', category: 'food', ...o }) }).scores
    .mislabeled_food;

type Case = [lang: string, positive: Partial<ListingInput>, negative: Partial<ListingInput>];
const check = (cases: Case[]) =>
  it.each(cases)('flags the contradiction and passes the lawful listing in %s', (_lang, positive, negative) => {
    expect(mf(positive)).toBeGreaterThan(0.8);
    expect(mf(negative)).toBeLessThan(0.1);
  });

describe('when a listing claims no sugar in new wording', () => {
  check([
    ['zh', { description: '无添加蔗糖，酥脆可口', ingredients: ['小麦粉', '绵白糖'] }, { description: '无添加蔗糖，酥脆可口', ingredients: ['小麦粉', '赤藓糖醇'] }],
    ['zh', { labelClaims: ['零添加糖'], ingredients: ['水', '果葡糖浆'] }, { labelClaims: ['零添加糖'], ingredients: ['水', '麦芽糖醇'] }],
    ['ko', { description: '설탕무첨가 쿠키', ingredients: ['밀가루', '원당'] }, { description: '설탕무첨가 쿠키', ingredients: ['쌀가루', '에리스리톨'] }],
    ['ko', { labelClaims: ['슈가 프리'], ingredients: ['카카오매스', '갈색설탕'] }, { labelClaims: ['슈가 프리'], ingredients: ['카카오매스', '말티톨'] }],
  ]);
});

describe('when a listing claims gluten-free in new wording', () => {
  check([
    ['zh', { description: '无麸质面包', ingredients: ['全麦粉', '水'] }, { description: '无麸质面包', ingredients: ['大米粉', '玉米淀粉', '荞麦粉'] }],
    ['ko', { description: '글루텐 무함유 쌀국수', ingredients: ['쌀가루', '밀가루'] }, { description: '글루텐 무함유 쌀국수', ingredients: ['쌀가루', '타피오카전분'] }],
  ]);
});

describe('when a listing claims vegan and holds animal ingredients', () => {
  check([
    ['zh', { labelClaims: ['纯素'], ingredients: ['大豆蛋白', '脱脂乳粉'] }, { description: '蛋奶素食者可食用', ingredients: ['小麦粉', '鸡蛋', '牛油果'] }],
    ['ko', { labelClaims: ['비건'], ingredients: ['두부', '쇠고기'] }, { description: '논비건 만두, 비건이 아닙니다', ingredients: ['두부', '돈육'] }],
    ['ko', { labelClaims: ['비건'], ingredients: ['두부', '돈육'] }, { labelClaims: ['비건'], ingredients: ['두부', '돼지감자'] }],
  ]);
});

describe('when a honey listing claims purity and holds syrup', () => {
  check([
    ['zh', { title: '洋槐蜜 500g', description: '不掺假不勾兑', ingredients: ['洋槐蜜', '麦芽糖'] }, { title: '洋槐蜜 500g', description: '不掺假不勾兑', ingredients: ['洋槐蜜'] }],
    ['ko', { title: '아카시아 벌꿀 1kg', description: '꿀 100%', ingredients: ['아카시아꿀', '사양꿀'] }, { title: '아카시아 벌꿀 1kg', description: '꿀 100%, 사양꿀 아님', ingredients: ['아카시아꿀'] }],
  ]);
});

describe('when a listing declares an allergen absent that its ingredients hold', () => {
  check([
    ['zh', { labelClaims: ['无坚果'], ingredients: ['燕麦', '巴旦木'] }, { labelClaims: ['无坚果'], ingredients: ['燕麦', '葡萄干'] }],
    ['zh', { description: '不含奶，适合乳糖不耐', ingredients: ['小麦粉', '全脂乳粉'] }, { description: '不含奶精，使用生牛乳', ingredients: ['红茶', '生牛乳'] }],
    ['ko', { description: '땅콩 무함유', ingredients: ['아몬드', '땅콩'] }, { description: '땅콩 무함유', ingredients: ['쌀', '설탕'] }],
    ['ko', { description: '유당 무함유 음료', ingredients: ['정제수', '유크림'] }, { description: '유당 무함유 음료', ingredients: ['정제수', '귀리'] }],
    ['ko', { description: '난류 무첨가', ingredients: ['밀가루', '전란액'] }, { description: '난류 무첨가', ingredients: ['밀가루', '설탕'] }],
    ['ko', { description: '대두 무함유', ingredients: ['밀가루', '대두레시틴'] }, { description: '대두 무함유', ingredients: ['밀가루', '해바라기레시틴'] }],
  ]);
});

describe('when a listing claims no preservatives in new wording', () => {
  check([
    ['zh', { description: '承诺零添加防腐剂', ingredients: ['椰子水', '山梨酸钾'] }, { description: '承诺零添加防腐剂', ingredients: ['椰子水', '维生素C'] }],
    ['ko', { description: '합성보존료 무함유', ingredients: ['정제수', '소브산칼륨'] }, { description: '합성보존료 무함유', ingredients: ['정제수', '비타민C'] }],
  ]);
});

describe('when "organic" is a chemistry word, not a claim', () => {
  it.each([
    ['zh', '有机大米', '有机硒补充，富硒酵母'],
    ['ko', '유기농 현미', '유기게르마늄 함유, 비유기농 원료'],
  ])('flags an uncertified organic claim and passes the chemistry word in %s', (_lang, claim, chem) => {
    expect(mf({ description: claim, ingredients: ['x'] })).toBeGreaterThan(0.7);
    expect(mf({ description: chem, ingredients: ['x'] })).toBeLessThan(0.1);
  });
});
