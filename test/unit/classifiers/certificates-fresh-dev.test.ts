import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foodStatus } from '../../../classifiers/certificates.js';
import { RulesClassifier } from '../../../classifiers/rules-classifier.js';
import { parseListing, type ListingInput } from '../../../domain/listing.js';
import { ROOT } from '../../helpers/cli.js';

// What certificates@1.6.0 added: each case pairs what must be read one way with the look-alike
// that must not be.
const models = path.join(ROOT, 'models');
const rules = new RulesClassifier(models);
let n = 0;
const listing = (o: Partial<ListingInput>) => parseListing({ id: `mc-fresh:${n++}`, platform: 't', url: 'https://t.example/p', title: 'x', ...o });
const mc = (o: Partial<ListingInput>) => rules.classify({ listing: listing({ category: 'food', ...o }) }).scores.missing_certificate;
const status = (o: Partial<ListingInput>) => foodStatus({ listing: listing(o) }, models);
const PRESENT = 0.1;
const MISSING = 0.7;

describe('a food-safety scheme word followed closely by an identifier', () => {
  it.each([
    ['en FDA FFR', 'Bottled in our plant, FDA FFR 20481937562 for export.'],
    ['en FDA facility registration', 'Baked under FDA facility registration 13377520981.'],
    ['en NSF GMP registration', 'Encapsulated in an NSF GMP registration #D2281934 facility.'],
    ['en BRCGS site code', 'Our bakery is BRCGS certified (site code 5512093).'],
    ['en SQF site', 'Roasted at an SQF Level 2 site, number 48821.'],
    ['en cert no. without a dot', 'GMP certified contract maker – cert no. GMP-2021-CA-7730.'],
    ['en cert n.', 'HACCP cert n. ES-HACCP-MU-33108'],
    ['zh identifier with hyphens', '境外工厂HACCP证书编号：NZ-HACCP-88214'],
    ['zh food business licence', '食品经营许可证 JY24401030098765'],
    ['ko item manufacture report without 번호', '건강기능식품 품목제조신고 2019002231448'],
    ['vi Số TCB', 'Số TCB: 14/NHAVUON/2023'],
  ])('counts %s', (_case, description) => {
    expect(mc({ description })).toBeLessThan(PRESENT);
  });

  it.each([
    ['a VAT and a company number', 'HACCP-trained staff. VAT GB 401 2231 88, Company No. 11822930.'],
    ['a year and a quantity', 'HACCP certified since 2016, 1500mg per serving.'],
    ['a standard number', 'Made to ISO 22000:2018 requirements.'],
    ['a placeholder', 'HACCP certificate number: pending renewal'],
    ['a sentence end before a phone number', 'Our kitchen follows HACCP principles. Call 0412 889 301 to order.'],
    ['a zh standard and business code', '通过HACCP体系认证，执行标准 GB/T 29602，工商注册号91440101MA5CXK2W3P'],
    ['a ko placeholder with a year', 'HACCP 인증번호: 준비중 (2026년 취득 예정)'],
    ['a ko business and mail-order number', '건강기능식품 사업자등록번호 220-81-62517 통신판매업 제2021-서울마포-1033호'],
    ['a vi tax and business number', 'Đạt chuẩn HACCP. MST: 0315582210, GPKD số 41K8012345'],
  ])('does not count %s', (_case, description) => {
    expect(mc({ description })).toBeGreaterThan(MISSING);
  });
});

describe('certificate fields that hold a product standard', () => {
  it('does not take a standard reference for a certificate, and scores it as a certificate named without a number', () => {
    expect(mc({ certificates: [{ type: 'standard', identifier: 'QCVN 8-2:2011/BYT' }] })).toBeGreaterThanOrEqual(0.85);
    expect(mc({ certificates: [{ type: 'haccp', identifier: 'GB/T 27341' }] })).toBeGreaterThanOrEqual(0.85);
    expect(mc({ certificates: [{ type: 'haccp', identifier: 'HC-VN-2022-0417' }] })).toBeLessThan(PRESENT);
  });

  it('reads a scheme named without its number in each language', () => {
    for (const description of ['Nhà máy đạt chuẩn GMP.', 'Made in a cGMP certified facility.', '工厂已通过HACCP认证', '해썹 인증 공장에서 생산'])
      expect(mc({ description })).toBeGreaterThanOrEqual(0.85);
  });
});

describe('food vocabulary', () => {
  it.each([
    ['en fermented', { category: 'Fermented > Sauerkraut', title: 'Raw Caraway Sauerkraut 16oz' }],
    ['en softgels', { title: 'Aged Black Garlic 600mg – 120 Softgels' }],
    ['en salsa and dips', { category: 'Salsa & Dips', title: 'Smoky Chipotle Salsa 12oz' }],
    ['zh pickled vegetables', { category: '蔬菜制品/榨菜', title: '涪陵榨菜丝 80g×10袋' }],
    ['zh eggs', { category: '生鲜/禽蛋', title: '农家散养土鸡蛋 20枚' }],
    ['ko oil', { category: '식용유', title: '국산 참기름 300ml' }],
    ['ko dairy', { category: '유제품', title: '수제 플레인 요거트 1kg' }],
    ['vi bird nest', { category: 'Yến sào', title: 'Tổ yến tinh chế 100g' }],
    ['vi pickles', { category: 'Đặc sản', title: 'Dưa cải muối chua nhà làm 1kg' }],
  ])('knows %s as food', (_case, o) => {
    expect(status(o)).not.toMatch(/not_food|^unknown$/);
  });

  it.each([
    ['en food-safe tableware', { category: 'Baby > Feeding', title: 'Silicone Suction Bowl & Spoon Set – Food Safe' }],
    ['en food storage', { category: 'Home & Kitchen > Food Storage', title: 'Beeswax Food Wraps, 3 Pack' }],
    ['zh food-grade lunch box', { title: '不锈钢保温饭盒 食品级 双层' }],
    ['zh hotpot pan (not hotpot base)', { title: '鸳鸯火锅锅 电磁炉适用' }],
    ['ko food-grade teether', { title: '식품등급 실리콘 치발기' }],
    ['vi massage oil with herbs', { category: 'Chăm sóc cá nhân', title: 'Dầu xoa bóp thảo dược 30ml' }],
    ['vi food-safe bottle', { title: 'Bình giữ nhiệt inox – an toàn thực phẩm' }],
  ])('knows %s as not food', (_case, o) => {
    expect(status(o)).toMatch(/not_food|^unknown$/);
  });

  it('lets the longer word decide where a food word and a non-food word overlap', () => {
    expect(status({ title: '四川火锅底料 500g' })).not.toMatch(/not_food|^unknown$/);
    expect(status({ title: 'Sữa rửa mặt dịu nhẹ 150ml' })).toBe('not_food');
    expect(status({ title: 'Sữa tươi thanh trùng 1L' })).not.toMatch(/not_food|^unknown$/);
  });
});
