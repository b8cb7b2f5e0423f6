import { describe, expect, it } from 'vitest';
import { rulesProbe } from '../../helpers/rules-probe.js';

// label-contradictions@1.5.0: the families the independently written dev set showed missing.
const { mf } = rulesProbe('mf');

describe('products the food vocabulary does not know', () => {
  it('are judged when they carry an ingredient list, and left alone without one', () => {
    const base = { category: 'Salsa & Dips', title: 'Roasted Tomatillo Salsa Verde 16oz - No Preservatives' };
    expect(mf({ ...base, description: 'INGREDIENTS: tomatillos, onion, potassium sorbate, salt.' })).toBeGreaterThan(0.8);
    expect(mf({ ...base, description: 'Fire-roasted, just like abuela made.' })).toBeLessThan(0.1);
  });
});

describe('origin', () => {
  it('reads the origin attribute under any usual name', () => {
    for (const key of ['Country of origin', 'Origin', '产地', '원산지', 'Xuất xứ']) {
      expect(mf({ category: 'food', description: 'Made in Italy.', attributes: { [key]: 'Tunisia' } })).toBeGreaterThan(0.7);
      expect(mf({ category: 'food', description: 'Made in Italy.', attributes: { [key]: 'Italy' } })).toBeLessThan(0.1);
    }
  });

  it('does not read the origins of several ingredients as the product origin, but reads a single-ingredient one', () => {
    expect(mf({ category: 'food', title: '넛츠바', ingredients: ['아몬드(미국산)', '캐슈넛(베트남산)', '호박씨'] })).toBeLessThan(0.1);
    expect(mf({ category: 'food', title: '제주 귤칩', description: '원재료명: 감귤(중국산) 100%', attributes: { 원산지: '제주산' } })).toBeGreaterThan(0.7);
  });
});

describe('claims against ingredients', () => {
  it('counts oats as gluten unless they are sold as gluten-free oats', () => {
    expect(mf({ category: 'food', labelClaims: ['Gluten Free'], ingredients: ['rolled oats', 'maple syrup'] })).toBeGreaterThan(0.8);
    expect(mf({ category: 'food', labelClaims: ['无麸质'], description: '配料：100%全谷物燕麦' })).toBeGreaterThan(0.8);
    expect(mf({ category: 'food', labelClaims: ['Gluten Free'], ingredients: ['certified gluten-free oats', 'maple syrup'] })).toBeLessThan(0.1);
  });

  it('reads seafood and caseinate against vegan and dairy-free claims', () => {
    expect(mf({ category: 'food', description: 'Vegan. Ingredients: chilli, lemongrass, shrimp paste (shrimp, salt).' })).toBeGreaterThan(0.8);
    expect(mf({ category: 'food', labelClaims: ['纯素'], ingredients: ['水', '香菇浓缩汁', '蚝汁'] })).toBeGreaterThan(0.8);
    expect(mf({ category: 'food', labelClaims: ['纯素'], ingredients: ['水', '香菇素蚝油'] })).toBeLessThan(0.1);
    expect(mf({ category: 'food', labelClaims: ['Không chứa sữa'], ingredients: ['Siro glucose', 'Natri caseinat'] })).toBeGreaterThan(0.8);
    expect(mf({ category: '음료', title: '우유 0% 귀리음료', description: '[원재료] 정제수, 귀리, 카제인나트륨' })).toBeGreaterThan(0.8);
    // "둥굴레" (Solomon's seal tea) holds the syllable for oyster: a plant tea is still vegan.
    expect(mf({ category: 'tea', labelClaims: ['100% 식물성'], ingredients: ['둥굴레'] })).toBeLessThan(0.1);
  });

  it('tells a peanut-free claim from a nut-free one', () => {
    expect(mf({ category: 'food', labelClaims: ['땅콩 무첨가'], ingredients: ['아몬드', '호박씨'] })).toBeLessThan(0.1);
    expect(mf({ category: 'food', labelClaims: ['peanut-free'], ingredients: ['groundnut butter', 'honey'] })).toBeGreaterThan(0.8);
    expect(mf({ category: 'food', labelClaims: ['nut free'], ingredients: ['almonds', 'oats'] })).toBeGreaterThan(0.8);
  });

  it('reads Korean 無 / ZERO / 없이 claims and a header with "및 함량"', () => {
    expect(mf({ category: 'food', title: '딸기잼 방부제 無', description: '원재료: 딸기, 설탕, 소브산칼륨' })).toBeGreaterThan(0.8);
    expect(mf({ category: 'food', labelClaims: ['방부제 ZERO'], ingredients: ['오이', '안식향산나트륨(보존료)'] })).toBeGreaterThan(0.8);
    expect(mf({ category: 'honey', title: '100% 순수 벌꿀', description: '원재료명 및 함량 : 아카시아벌꿀 92%, 과당시럽 8%' })).toBeGreaterThan(0.8);
    expect(mf({ category: 'honey', title: '100% 순수 벌꿀', description: '원재료명 및 함량 : 아카시아벌꿀 100%' })).toBeLessThan(0.1);
  });

  it('reads MSG written as its bare number in a seasoning', () => {
    expect(mf({ category: 'noodles', labelClaims: ['Không bột ngọt'], ingredients: ['muối, đường, chất điều vị (621, 627, 631)'] })).toBeGreaterThan(0.8);
    // Disodium inosinate and guanylate (627, 631) are not MSG, and a weight is not an E-number.
    expect(mf({ category: 'noodles', labelClaims: ['Không bột ngọt'], ingredients: ['muối, đường, chất điều vị (627, 631)', 'vắt mì 621 g'] })).toBeLessThan(0.1);
  });

  it('does not read organic cotton as an organic food claim', () => {
    expect(mf({ category: 'food', title: 'Snack bag', description: 'Made of organic cotton.', ingredients: ['rice crackers'] })).toBeLessThan(0.1);
  });
});
