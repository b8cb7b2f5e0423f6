import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RulesClassifier } from '../../../classifiers/rules-classifier.js';
import { parseListing, type ListingInput } from '../../../domain/listing.js';
import { ROOT } from '../../helpers/cli.js';

const rules = new RulesClassifier(path.join(ROOT, 'models'));
let n = 0;
const classify = (o: Partial<ListingInput>, ocr?: Parameters<RulesClassifier['classify']>[0]['ocr']) =>
  rules.classify({ listing: parseListing({ id: `t:${n++}`, platform: 't', url: 'https://t.example/p', title: 'x', ...o }), ocr });

describe('when a seller claims a cure', () => {
  it.each([
    ['en', { title: 'Bitter melon tea', description: 'Cures diabetes naturally in weeks.', category: 'herbal_tea' }],
    ['vi', { title: 'Trà thảo mộc', description: 'Chữa khỏi tiểu đường chỉ sau 1 liệu trình', category: 'herbal_tea' }],
    ['vi no diacritics', { title: 'Tra thao moc', description: 'chua khoi tieu duong', category: 'herbal_tea' }],
    ['zh', { title: '降压茶', description: '根治高血压，效果显著', category: 'herbal_tea' }],
    ['ko', { title: '홍삼 진액', description: '당뇨병 치료에 탁월합니다', category: 'supplement' }],
  ])('flags false_health_claim in %s', (_lang, listing) => {
    const p = classify(listing);
    expect(p.scores.false_health_claim).toBeGreaterThan(0.8);
    const ev = p.evidence.find((e) => e.label === 'false_health_claim');
    expect(ev?.field).toBe('description');
    expect(ev?.rule).toMatch(/^health-claims\//);
    expect(ev?.span.length).toBeGreaterThan(1);
  });

  it('flags miracle promises and approvals without a number', () => {
    expect(classify({ title: 'Slim tea', description: 'Lose 10 kg in 7 days!' }).scores.false_health_claim).toBeGreaterThan(0.8);
    expect(classify({ title: 'Viên uống', description: 'Được Bộ Y tế chứng nhận' }).scores.false_health_claim).toBeGreaterThan(0.8);
    expect(classify({ title: 'Capsules', description: 'FDA approved formula' }).scores.false_health_claim).toBeGreaterThan(0.8);
  });
});

describe('when the wording is lawful', () => {
  it.each([
    ['the Vietnamese mandatory notice', 'Thực phẩm này không phải là thuốc và không có tác dụng thay thế thuốc chữa bệnh.'],
    ['an EU-authorised claim', 'Vitamin C contributes to the normal function of the immune system.'],
    ['the Chinese notice', '本品不能代替药物。'],
    ['the Korean notice', '본 제품은 질병의 예방 및 치료를 위한 의약품이 아닙니다.'],
    ['a denial', 'This tea does not cure diabetes.'],
    ['general words', 'A healthy, refreshing drink.'],
  ])('does not flag %s', (_what, description) => {
    expect(classify({ title: 'Supplement', description, category: 'supplement' }).scores.false_health_claim).toBeLessThan(0.5);
  });

  it('ignores cure claims written by customers in reviews', () => {
    const p = classify({ title: 'Herbal tea', category: 'herbal_tea', reviews: [{ text: 'It cured my diabetes!', rating: 5 }] });
    expect(p.scores.false_health_claim).toBeLessThan(0.5);
  });
});

describe('when certificates are checked', () => {
  it('flags a food with no identifier and passes one with a structured certificate', () => {
    expect(classify({ title: 'Honey', category: 'food' }).scores.missing_certificate).toBeGreaterThan(0.5);
    expect(classify({ title: 'Honey', category: 'food', certificates: [{ type: 'food_safety', identifier: '123/2023/ATTP-CNĐK' }] }).scores.missing_certificate).toBeLessThan(0.5);
  });

  it.each([
    ['Số tự công bố: 12/2024/ABC-TCB'],
    ['生产许可证编号：SC10644011500123'],
    ['건강기능식품 제2023-0012345호'],
    ['HACCP 인증번호 2019-3-0123'],
    ['ISO 22000:2018 Certificate No. FS-55821'],
  ])('finds %s in the text', (text) => {
    const p = classify({ title: 'Tea', description: text, category: 'herbal_tea' });
    expect(p.scores.missing_certificate).toBeLessThan(0.5);
    expect(p.evidence.some((e) => e.rule?.startsWith('certificates/') && e.label === 'info')).toBe(true);
  });

  it('does not count a certificate word without a number', () => {
    expect(classify({ title: 'Trà', description: 'Có giấy chứng nhận ATTP', category: 'herbal_tea' }).scores.missing_certificate).toBeGreaterThan(0.5);
  });

  it('never flags non-food', () => {
    expect(classify({ title: 'Phone case', category: 'electronics' }).scores.missing_certificate).toBeLessThan(0.1);
    expect(classify({ title: 'Face cream', category: 'cosmetic', description: 'cures eczema' }).scores.missing_certificate).toBeLessThan(0.1);
  });

  it('finds a certificate read from an image, with its box', () => {
    const p = classify({ title: 'Tea', category: 'herbal_tea' }, [
      {
        imageIndex: 0,
        text: 'SC10644011500123',
        words: [{ text: 'SC10644011500123', confidence: 90, bbox: [10, 20, 200, 40] }],
        language: 'chi_sim+eng',
        engine: 'test',
        engineVersion: '0',
        sha256: 'x',
      },
    ]);
    expect(p.scores.missing_certificate).toBeLessThan(0.5);
    expect(p.evidence.find((e) => e.field === 'images[0].ocr')?.bbox).toEqual([10, 20, 200, 40]);
  });
});

describe('when labels contradict ingredients', () => {
  it.each([
    ['sugar-free with sugar', { labelClaims: ['sugar-free'], ingredients: ['wheat flour', 'sugar'] }],
    ['gluten-free with wheat', { labelClaims: ['gluten-free'], ingredients: ['wheat flour', 'salt'] }],
    ['vegan with milk', { labelClaims: ['vegan'], ingredients: ['oats', 'milk powder'] }],
    ['pure honey with syrup', { title: '100% pure honey', ingredients: ['honey', 'glucose syrup'] }],
    ['Vietnamese không đường with đường', { labelClaims: ['không đường'], ingredients: ['bột mì', 'đường mía'] }],
    ['Chinese 无糖 with 白砂糖', { labelClaims: ['无糖'], ingredients: ['小麦粉', '白砂糖'] }],
    ['declared dairy-free with milk', { labelClaims: ['dairy-free'], ingredients: ['cocoa', 'whole milk powder'] }],
    ['organic without certification', { labelClaims: ['organic'], ingredients: ['green tea'] }],
  ])('flags %s', (_what, o) => {
    const p = classify({ title: 'Snack', category: 'food', ...o });
    expect(p.scores.mislabeled_food).toBeGreaterThan(0.5);
    expect(p.evidence.some((e) => e.label === 'mislabeled_food' && e.rule?.startsWith('label-contradictions/'))).toBe(true);
  });

  it.each([
    ['sugar-free with stevia', { labelClaims: ['sugar-free'], ingredients: ['oats', 'stevia'] }],
    ['vegan with coconut milk', { labelClaims: ['vegan'], ingredients: ['oats', 'coconut milk'] }],
    ['organic with an organic certificate', { labelClaims: ['organic'], certificates: [{ type: 'organic', identifier: 'EU-BIO-123' }] }],
    ['a plain listing that omits its ingredients', {}],
  ])('does not flag %s', (_what, o) => {
    expect(classify({ title: 'Snack', category: 'food', ...o }).scores.mislabeled_food).toBeLessThan(0.5);
  });

  it('flags two different origins', () => {
    const p = classify({ title: 'Honey', category: 'food', attributes: { origin: 'New Zealand' }, description: 'Made in China.' });
    expect(p.scores.mislabeled_food).toBeGreaterThan(0.5);
  });
});
