import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RulesClassifier } from '../../../classifiers/rules-classifier.js';
import { parseListing, type ListingInput } from '../../../domain/listing.js';
import { ROOT } from '../../helpers/cli.js';

// One positive and one hard negative per language for each rule family added in
// health-claims@1.3.0, certificates@1.4.0 and label-contradictions@1.2.0.
const rules = new RulesClassifier(path.join(ROOT, 'models'));
let n = 0;
const classify = (o: Partial<ListingInput>) =>
  rules.classify({ listing: parseListing({ id: `v2:${n++}`, platform: 't', url: 'https://t.example/p', title: 'x', ...o }) });
const fhc = (o: Partial<ListingInput>) => classify({ category: 'supplement', ...o }).scores.false_health_claim;
const mf = (o: Partial<ListingInput>) => classify({ category: 'food', ...o }).scores.mislabeled_food;
const mc = (o: Partial<ListingInput>) => classify({ category: 'food', ...o }).scores.missing_certificate;

describe('when a seller claims a cure in new wording', () => {
  it.each([
    ['en', 'Works like antibiotics, without the side effects.', 'We do not claim that this tea treats kidney stones.'],
    ['vi', 'Tác dụng như kháng sinh mà không có tác dụng phụ.', 'Không có tác dụng hạ đường huyết, không phải thuốc.'],
    ['zh', '吃它就够了，不用再吃西药。', '本品没有降血糖作用，不是药品。'],
    ['ko', '군고구마 말랭이 덕분에 수천 명이 고지혈증에서 완전히 벗어났어요.', '본 제품은 질병의 예방 및 치.료를 위한 의약품이 아님.'],
  ])('flags the claim and passes the denial in %s', (_lang, claim, denial) => {
    expect(fhc({ description: claim })).toBeGreaterThan(0.8);
    expect(fhc({ description: denial })).toBeLessThan(0.1);
  });

  it.each([
    ['en', 'Works for 100% of users, no exceptions.', 'If you are being treated for asthma, consult a healthcare professional.'],
    ['vi', 'Cam ket co ket qua sau 14 ngay voi moi co dia.', 'Người đang điều trị trào ngược dạ dày nên hỏi ý kiến bác sĩ.'],
    ['zh', '一觉睡到天亮，失眠多梦全消失。', '不能用于治疗贫血。'],
    ['ko', '한 달에 10kg 안 빠지면 전액 환불.', '관절염 치료 중이신 분은 섭취 전 의사와 상담하세요.'],
  ])('flags miracle promises and passes consult-your-doctor notices in %s', (_lang, claim, notice) => {
    expect(fhc({ description: claim })).toBeGreaterThan(0.8);
    expect(fhc({ description: notice })).toBeLessThan(0.1);
  });

  it.each([
    ['en', 'Ministry of Health approved', 'Registered with the Ministry of Health'],
    ['vi', 'Được Bộ Y tế chứng nhận', 'Bộ Y tế cấp phép số 7571/2024/ATTP-XNCB.'],
    ['zh', '【WHO认证】宝宝营养面条', '保健食品批准文号：国食健注G20217270'],
    ['ko', '식약처 공식 승인을 받았습니다.', '식약처 건강기능식품 품목제조신고 제2019-0298883호.'],
  ])('flags approvals without a number and passes numbered ones in %s', (_lang, claim, numbered) => {
    expect(fhc({ description: claim })).toBeGreaterThan(0.8);
    expect(fhc({ description: numbered })).toBeLessThan(0.1);
  });

  it('ignores an ingredient list that holds a verb and a disease word by accident', () => {
    expect(fhc({ ingredients: ['cà phê hòa tan', 'bột nấm linh chi'] })).toBeLessThan(0.1);
  });
});

describe('when a label contradicts itself in new ways', () => {
  it.each([
    ['en', { labelClaims: ['Preservative-free'], ingredients: ['water', 'sodium benzoate (E211)'] }, { labelClaims: ['Preservative-free'], ingredients: ['water', 'citric acid'] }],
    ['vi', { labelClaims: ['Không chất bảo quản'], ingredients: ['bột gạo', 'chất bảo quản E220'] }, { labelClaims: ['Không chất bảo quản'], ingredients: ['bột gạo', 'muối'] }],
    ['zh', { labelClaims: ['无防腐剂'], ingredients: ['水', '脱氢乙酸钠', '黄豆'] }, { labelClaims: ['无防腐剂'], ingredients: ['水', '黄豆'] }],
    ['ko', { description: '보존료를 사용하지 않았어요.', ingredients: ['소맥분', '소브산칼륨'] }, { description: '보존료를 사용하지 않았어요.', ingredients: ['소맥분', '정제소금'] }],
  ])('flags "no preservatives" with a preservative in %s', (_lang, bad, good) => {
    expect(mf(bad)).toBeGreaterThan(0.8);
    expect(mf(good)).toBeLessThan(0.1);
  });

  it.each([
    ['en', { attributes: { nutrition: 'Per 100 g: 272 kcal, sugar 0 g' }, ingredients: ['fish oil', 'sucrose'] }, { attributes: { nutrition: 'Per 100 g: 272 kcal, sugar 0.5 g' }, ingredients: ['fish oil', 'sucrose'] }],
    ['vi', { attributes: { nutrition: 'Calo 71 / Đường 0g mỗi 100g' }, ingredients: ['trà xanh', 'đường mía'] }, { attributes: { nutrition: 'Calo 71 / Đường 0g mỗi 100g' }, ingredients: ['trà xanh', 'cỏ ngọt'] }],
    ['zh', { attributes: { nutrition: '每100g：能量204kcal，糖0g' }, ingredients: ['咖啡豆', '葡萄糖'] }, { attributes: { nutrition: '每100g：能量204kcal，糖0g' }, ingredients: ['咖啡豆', '三氯蔗糖'] }],
    ['ko', { title: '복숭아 홍차 음료 설탕 0g', ingredients: ['정제수', '설탕'] }, { title: '복숭아 홍차 음료 설탕 0g', ingredients: ['정제수', '스테비아'] }],
  ])('flags "sugar 0 g" with sugar in the recipe in %s', (_lang, bad, good) => {
    expect(mf(bad)).toBeGreaterThan(0.8);
    expect(mf(good)).toBeLessThan(0.1);
  });

  it.each([
    ['en', { allergens: ['None'], ingredients: ['carbonated water', 'cream'] }, { allergens: ['None'], ingredients: ['carbonated water', 'coconut milk'] }],
    ['vi', { allergens: ['Không có'], ingredients: ['mè', 'giấm', 'lòng đỏ trứng'] }, { allergens: ['Không có'], ingredients: ['cà phê', 'sữa yến mạch'] }],
    ['zh', { allergens: ['无'], ingredients: ['碳酸钙', '稀奶油'] }, { allergens: ['无'], ingredients: ['凉茶', '鸡蛋花'] }],
    ['ko', { allergens: ['알레르기 유발물질 없음'], ingredients: ['스피루리나분말', '우유'] }, { allergens: ['우유'], ingredients: ['스피루리나분말', '우유'] }],
  ])('flags an allergens field of "none" with an allergen in the ingredients in %s', (_lang, bad, good) => {
    expect(mf(bad)).toBeGreaterThan(0.8);
    expect(mf(good)).toBeLessThan(0.1);
  });

  it.each([
    ['en', { labelClaims: ['Suitable for vegans'], ingredients: ['rice flour', 'butter'] }, { title: 'Best seller oat drink', labelClaims: ['Suitable for vegans'], ingredients: ['oats', 'oat milk'] }],
    ['vi', { labelClaims: ['Chay 100%'], ingredients: ['xoài', 'lactose'] }, { title: '[Bán chạy] Bánh protein', ingredients: ['whey protein', 'socola sữa'] }],
    ['zh', { title: '【素食可用】猴头菇咖啡', ingredients: ['速溶咖啡', '蛋清粉'] }, { title: '【素食可用】猴头菇咖啡', ingredients: ['速溶咖啡', '燕麦奶'] }],
    ['ko', { labelClaims: ['채식 가능'], ingredients: ['둥굴레', '유당'] }, { labelClaims: ['채식 가능'], ingredients: ['둥굴레', '두유'] }],
  ])('flags vegan wording with an animal ingredient in %s', (_lang, bad, good) => {
    expect(mf(bad)).toBeGreaterThan(0.8);
    expect(mf(good)).toBeLessThan(0.1);
  });

  it.each([
    ['en', { title: 'Japan Import - Tamarind Sauce', attributes: { origin: 'United Kingdom' } }, { title: 'Tamarind Sauce', description: 'Formulated by our team in Japan.', attributes: { origin: 'United Kingdom' } }],
    ['vi', { labelClaims: ['Made in Mỹ'], attributes: { origin: 'Việt Nam' } }, { description: 'Hàng y hình, tại Việt Nam.', attributes: { origin: 'Việt Nam' } }],
    ['zh', { title: '【荷兰进口】霜桑叶茶', attributes: { origin: '中国' } }, { description: '正宗德国产品。', attributes: { origin: '德国' } }],
    ['ko', { labelClaims: ['칠레산'], attributes: { origin: '한국' } }, { title: '중국산 꿀레몬 생강청', attributes: { origin: '중국' } }],
  ])('flags two origins and passes one origin said twice in %s', (_lang, bad, good) => {
    expect(mf(bad)).toBeGreaterThan(0.7);
    expect(mf(good)).toBeLessThan(0.1);
  });

  it('checks "pure" and "nothing added" against syrup only on a honey product', () => {
    expect(mf({ title: 'Jujube Honey 1 kg', labelClaims: ['Nothing added'], ingredients: ['honey', 'high-fructose corn syrup'] })).toBeGreaterThan(0.8);
    expect(mf({ title: 'Ginger syrup', labelClaims: ['Nothing added'], ingredients: ['ginger', 'glucose syrup'] })).toBeLessThan(0.1);
  });
});

describe('when certificate identifiers are written in other shapes', () => {
  it.each([
    ['en', 'HACCP certified facility - certificate HC-2022-3337.', 'Company registration no. 08287509.'],
    ['zh', 'HACCP认证证书编号：081HACCP243047。', '营业执照注册号91338589MAG0C0CU2Q'],
    ['ko', '식품안전관리인증(HACCP) 제2024-8-4374호.', '사업자등록번호 593-92-63550'],
  ])('finds the identifier and ignores a business registration in %s', (_lang, cert, business) => {
    expect(mc({ description: cert })).toBeLessThan(0.1);
    expect(mc({ description: business })).toBeGreaterThan(0.7);
  });
});
