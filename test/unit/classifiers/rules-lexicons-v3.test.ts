import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../classifiers/text/sentences.js';
import { fold } from '../../../classifiers/text/fold.js';
import { rulesProbe } from '../../helpers/rules-probe.js';

// What health-claims@1.4.0, certificates@1.5.0 and label-contradictions@1.4.0 added:
// each case pairs what must be flagged with the look-alike that must not be.
const { classify, fhc, mf, mc } = rulesProbe('v3');

describe('origin declared in the attribute', () => {
  it('accepts a statement naming any of several declared origins (raw material and manufacture)', () => {
    expect(mf({ description: '뉴질랜드산 녹용을 달인 진액.', attributes: { origin: '뉴질랜드(녹용), 대한민국(제조)' } })).toBeLessThan(0.1);
    expect(mf({ description: 'Made in USA from Alaskan fish oil.', attributes: { origin: 'USA (raw material), Korea (manufacturing)' } })).toBeLessThan(0.1);
  });

  it('flags a statement naming a country outside the declared ones', () => {
    expect(mf({ description: 'Product of Chile.', attributes: { origin: 'USA, Korea' } })).toBeGreaterThan(0.7);
  });

  it.each([
    ['ko', { title: '제주산 감귤 초콜릿 24입', attributes: { origin: '중국' } }, { title: '제주산 감귤 초콜릿 24입', attributes: { origin: '대한민국' } }],
    ['zh', { description: '正宗黑龙江五常产区稻花香2号。', attributes: { origin: '泰国' } }, { description: '正宗黑龙江五常产区稻花香2号。', attributes: { origin: '中国' } }],
    ['en', { title: 'Himalayan Pink Salt – Product of Pakistan, 1 kg', attributes: { origin: 'India' } }, { title: 'Himalayan Pink Salt – Product of Pakistan, 1 kg', attributes: { origin: 'Pakistan' } }],
    ['zh', { title: '[原产加拿大]蜂巢蜜500g', attributes: { origin: '越南' } }, { title: '[原产加拿大]蜂巢蜜500g', attributes: { origin: '加拿大' } }],
  ])('reads a region or a newly listed country as its country in %s', (_lang, bad, good) => {
    expect(mf(bad)).toBeGreaterThan(0.7);
    expect(mf(good)).toBeLessThan(0.1);
  });
});

describe('sentences wrapped over two lines', () => {
  it('keeps a line that goes on in lower case with the line above', () => {
    const text = 'Thực phẩm này không phải là thuốc và không có\ntác dụng thay thế thuốc chữa bệnh.\nHộp 100 viên';
    expect(splitSentences(fold(text), text).map((s) => s.text)).toEqual([fold('Thực phẩm này không phải là thuốc và không có\ntác dụng thay thế thuốc chữa bệnh'), fold('Hộp 100 viên')]);
    // Folded text alone cannot tell a wrap from a new line: without the original every newline splits.
    expect(splitSentences(fold(text))).toHaveLength(3);
  });

  it('does not read the wrapped "not a medicine" notice as a cure claim, but still reads a wrapped claim', () => {
    expect(fhc({ description: 'Thực phẩm này không phải là thuốc và không có\ntác dụng thay thế thuốc chữa bệnh.' })).toBeLessThan(0.1);
    expect(fhc({ description: 'Uống mỗi ngày giúp chữa khỏi\nbệnh tiểu đường type 2.' })).toBeGreaterThan(0.8);
  });
});

describe('false_health_claim wording', () => {
  it('reads an approval with spaces between the agency and the verb (as OCR and some sellers write it)', () => {
    expect(fhc({ description: '美国 FDA 认证' })).toBeGreaterThan(0.8);
    expect(fhc({ description: '美国FDA认证，注册号 12345678901' })).toBeLessThan(0.1);
  });

  it('reads a guaranteed result in Vietnamese', () => {
    expect(fhc({ title: 'Sữa bột tăng chiều cao – cam kết cao thêm 5cm' })).toBeGreaterThan(0.8);
    expect(fhc({ description: 'Hoàn tiền 100% nếu không hiệu quả.' })).toBeGreaterThan(0.8);
    expect(fhc({ description: 'Đốt mỡ cả khi ngủ: giảm 15kg không cần ăn kiêng.' })).toBeGreaterThan(0.8);
    expect(fhc({ description: 'Hoàn tiền 100% nếu không hài lòng.' })).toBeLessThan(0.1);
  });

  it('reads "anti-<disease>" and "replaces <disease> medication" in English', () => {
    expect(fhc({ labelClaims: ['Anti-fatty liver disease'] })).toBeGreaterThan(0.8);
    expect(fhc({ labelClaims: ['Replaces fatty liver disease medication'] })).toBeGreaterThan(0.8);
  });

  it('does not take a precaution that names a disease for a claim; an evasive spelling still is one', () => {
    expect(fhc({ description: 'Not recommended for people with cancer without medical advice.' })).toBeLessThan(0.1);
    expect(fhc({ description: 'Fights c@ncer naturally.' })).toBeGreaterThan(0.8);
  });

  it('scores a cure claim low on a product the label does not cover, and keeps it as evidence', () => {
    const p = classify({ category: 'clothing', title: 'Copper Compression Knee Sleeve', description: 'Copper-infused fabric that relieves arthritis pain.' });
    expect(p.scores.false_health_claim).toBeLessThan(0.5);
    expect(p.evidence.some((e) => e.label === 'false_health_claim' && /outside false_health_claim/.test(e.note ?? ''))).toBe(true);
    // Cosmetics are covered, and a food category path stays in scope.
    expect(classify({ category: 'Beauty > Skin Care', title: 'Cream', description: 'Cures eczema in 7 days.' }).scores.false_health_claim).toBeGreaterThan(0.8);
    expect(classify({ category: 'Kitchen > Spices', title: 'Turmeric powder', description: 'Cures diabetes.' }).scores.false_health_claim).toBeGreaterThan(0.8);
  });
});

describe('mislabeled_food wording', () => {
  it('does not read glucosamine or a gluconate as sugar', () => {
    expect(mf({ labelClaims: ['无糖'], ingredients: ['盐酸氨基葡萄糖', '葡萄糖酸锌', '甜菊糖苷'] })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['无糖'], ingredients: ['葡萄糖', '淀粉'] })).toBeGreaterThan(0.8);
  });

  it('reads Korean "we used no eggs at all" against egg yolk powder', () => {
    expect(mf({ description: '계란을 전혀 쓰지 않았어요.', ingredients: ['고추장', '난황분말'] })).toBeGreaterThan(0.8);
    expect(mf({ description: '계란을 전혀 쓰지 않았어요.', ingredients: ['고추장', '식초'] })).toBeLessThan(0.1);
  });

  it('reads "0 %" preservative claims against a preservative', () => {
    expect(mf({ labelClaims: ['합성보존료 0%'], ingredients: ['땅콩', '안식향산나트륨'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['0% preservatives'], ingredients: ['mango', 'potassium sorbate'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['합성보존료 0%'], ingredients: ['땅콩', '설탕'] })).toBeLessThan(0.1);
  });

  it('reads "pure, raw and undiluted" on honey against syrup', () => {
    expect(mf({ title: 'Blossom Honey 1 kg', description: 'Pure, raw and undiluted.', ingredients: ['honey', 'high-fructose corn syrup'] })).toBeGreaterThan(0.8);
    expect(mf({ title: 'Blossom Honey 1 kg', description: 'Pure, raw and undiluted.', ingredients: ['honey'] })).toBeLessThan(0.1);
  });
});

describe('missing_certificate', () => {
  it('reads a Vietnamese registration number kept in an attribute', () => {
    expect(mc({ attributes: { 'Số XNCB': '15755/2020/ĐKSP' } })).toBeLessThan(0.1);
    expect(mc({ description: 'Số đăng ký 4521/2023/ĐKSP.' })).toBeLessThan(0.1);
  });

  it('knows a sauce category from its plural', () => {
    expect(mc({ category: 'Cooking Sauces', title: 'Korean Chili Paste 1 kg', description: 'SELLER TAX ID 26555228' })).toBeGreaterThan(0.7);
  });
});
