import { describe, expect, it } from 'vitest';
import { rulesProbe } from '../../helpers/rules-probe.js';

// label-contradictions@1.7.0 and certificates@1.8.0: what the third blind dev set showed missing.
const { mf, mcAsListed: mc } = rulesProbe('d3');

describe('mislabeled_food', () => {
  it('reads an ingredient list below a header that ends its line, up to a blank line', () => {
    expect(mf({ title: '무방부제 수제 소시지', description: '[원재료]\n돼지고기, 정제소금, 마늘,\n아질산나트륨, 후추\n\n냉장 보관' })).toBeGreaterThan(0.8);
    expect(mf({ title: '무방부제 수제 소시지', description: '[원재료]\n돼지고기, 정제소금, 마늘, 후추\n\n보존료(소르빈산칼륨)는 쓰지 않아요' })).toBeLessThan(0.1);
    expect(mf({ title: 'Sugar free granola', description: 'Ingredients\noats, almonds, sunflower oil,\ndate syrup\n\nShips fast' })).toBeGreaterThan(0.8);
  });

  it('reads an ingredient list given as an attribute', () => {
    expect(mf({ title: '순수 벌꿀 1kg', attributes: { '원재료 및 함량': '잡화꿀 80%, 쌀조청 20%' } })).toBeGreaterThan(0.8);
    expect(mf({ title: '순수 벌꿀 1kg', attributes: { '원재료 및 함량': '잡화꿀 100%' } })).toBeLessThan(0.1);
    expect(mf({ title: 'Gluten-free loaf', attributes: { 'Main grain': 'Einkorn' } })).toBeGreaterThan(0.8);
  });

  it('reads what a preparation sentence names ("fried in", "made with") but not what it replaces', () => {
    expect(mf({ labelClaims: ['Nut free'], description: 'Our plantain chips are fried in groundnut oil and lightly salted.' })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['Nut free'], description: 'Our plantain chips are fried in sunflower oil and lightly salted.' })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['Dairy free'], description: 'Rich and smooth, made with cashew paste instead of cream.' })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['Dairy free'], description: 'Rich and smooth, made with cashew paste and double cream.' })).toBeGreaterThan(0.8);
    expect(mf({ title: 'Teriyaki marinade', description: 'Made without MSG or gluten. Great on tofu.' })).toBeLessThan(0.1);
  });

  it('reads a bare description line that is itself a list', () => {
    expect(mf({ title: '비건 깍두기 1kg', description: '비건 인증 레시피\n무(국산), 고춧가루, 마늘, 생강, 새우젓, 설탕' })).toBeGreaterThan(0.8);
    expect(mf({ title: '비건 깍두기 1kg', description: '비건 인증 레시피\n무(국산), 고춧가루, 마늘, 생강, 다시마, 설탕' })).toBeLessThan(0.1);
  });

  it('knows more sugars, gluten grains and the Korean words for MSG', () => {
    expect(mf({ labelClaims: ['무설탕'], ingredients: ['흰앙금(강낭콩, 엿당)', '한천'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['Sugar free'], ingredients: ['Cocoa', 'Jaggery'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['Sugar free'], ingredients: ['Cocoa', 'Erythritol'] })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['글루텐프리'], ingredients: ['쌀가루', '고추장 양념(고춧가루, 엿기름)'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['Gluten free'], ingredients: ['Buckwheat', 'Bulgur'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['Gluten free'], ingredients: ['Buckwheat', 'Millet'] })).toBeLessThan(0.1);
    expect(mf({ title: '설렁탕 인공조미료 무첨가', description: '원재료: 사골, 정제수, 정제소금, L-글루탐산나트륨' })).toBeGreaterThan(0.8);
    expect(mf({ title: '설렁탕 인공조미료 무첨가', description: '원재료: 사골, 정제수, 정제소금, 대파' })).toBeLessThan(0.1);
  });

  it('does not read plant butters and creams as dairy, nor lactose-free milk as dairy-free', () => {
    expect(mf({ labelClaims: ['Dairy free'], ingredients: ['Cacao butter', 'Coconut cream', 'Cream of tartar'] })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['비건'], ingredients: ['코코아 버터', '설탕'] })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['비건'], ingredients: ['무염버터', '설탕'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['Lactose free'], ingredients: ['Milk', 'Lactase enzyme'] })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['Lactose free'], ingredients: ['Cocoa', 'Lactose'] })).toBeGreaterThan(0.8);
  });

  it('reads the country of manufacture and 국내산 as origins, and a blend line as sourcing', () => {
    expect(mf({ description: 'Made in France from our own orchards.', attributes: { 'Country of Manufacture': 'Poland' } })).toBeGreaterThan(0.7);
    expect(mf({ description: 'Made in Poland from our own orchards.', attributes: { 'Country of Manufacture': 'Poland' } })).toBeLessThan(0.1);
    expect(mf({ description: '중국산 고춧가루를 수입해 만들었습니다.', attributes: { 원산지: '국내산' } })).toBeGreaterThan(0.7);
    expect(mf({ description: '블렌딩 티\n케냐산 홍차 + 스리랑카산 홍차' })).toBeLessThan(0.1);
    expect(mf({ title: '케냐산 홍차 100g', description: '스리랑카산 찻잎만 담았어요.' })).toBeGreaterThan(0.7);
  });
});

describe('missing_certificate', () => {
  it('counts UK/EU health marks, Canadian NPNs, USDA establishment numbers and FSSAI licences', () => {
    expect(mc({ category: 'food', description: 'Dry-cured ham. Identification mark: IE 2213 EC' })).toBeLessThan(0.1);
    expect(mc({ category: 'food', description: 'Dry-cured ham. Aged 18 months, 2 kg' })).toBeGreaterThan(0.7);
    expect(mc({ category: 'supplement', description: 'Authorised by Health Canada, NPN 80012345.' })).toBeLessThan(0.1);
    expect(mc({ category: 'supplement', description: 'Authorised by Health Canada.' })).toBeGreaterThan(0.7);
    expect(mc({ category: 'food', description: 'Inspected and passed by the USDA, Est. 1234P' })).toBeLessThan(0.1);
    expect(mc({ category: 'food', description: 'Family smokehouse, est. 1998' })).toBeGreaterThan(0.7);
    expect(mc({ category: 'tea', attributes: { 'FSSAI Lic. No.': '11521998000123' } })).toBeLessThan(0.1);
  });

  it('reads an FDA registration written with spaced digits, cottage food permits and the English name of Korean reports', () => {
    expect(mc({ category: 'food', description: 'FDA facility registration 1 2 3 4 5 6 7 8 9 0' })).toBeLessThan(0.1);
    expect(mc({ category: 'food', description: 'Cottage Food Operation – Class A registration #CFO-20417' })).toBeLessThan(0.1);
    expect(mc({ category: 'food', description: 'Registered cottage food operation in our county.' })).toBeGreaterThan(0.7);
    expect(mc({ category: 'supplement', description: 'Health functional food report no. 2019001234567' })).toBeLessThan(0.1);
  });

  it('does not take a placeholder for a food safety certificate number', () => {
    expect(mc({ category: 'food', description: 'Food safety certificate no.: awaiting' })).toBeGreaterThan(0.7);
    expect(mc({ category: 'food', description: 'Food safety certificate no.: FS-88213' })).toBeLessThan(0.1);
  });

  it('knows lip care, drinkware, tableware and kitchen appliances as non-food', () => {
    expect(mc({ category: 'Lip Care', title: 'Honey lip balm' })).toBeLessThan(0.1);
    expect(mc({ category: 'Drinkware', title: 'Fruit infuser bottle' })).toBeLessThan(0.1);
    expect(mc({ category: '유아식기', title: '이유식 보관 용기' })).toBeLessThan(0.1);
    expect(mc({ category: '厨房电器', title: '豆浆 米糊 破壁机' })).toBeLessThan(0.1);
    expect(mc({ category: '유아식', title: '이유식 큐브 10개' })).toBeGreaterThan(0.7);
  });
});
