import { describe, expect, it } from 'vitest';
import { rulesProbe } from '../../helpers/rules-probe.js';

// label-contradictions@1.6.0 and certificates@1.7.0: what the second blind dev set showed missing.
const { mf, mcAsListed: mc } = rulesProbe('d2');

describe('mislabeled_food', () => {
  it('does not read "dương" (sunflower, ocean) as "đường" (sugar) once folded', () => {
    expect(mf({ labelClaims: ['Không đường'], ingredients: ['Bột gạo lứt', 'Dầu hướng dương', 'Erythritol'] })).toBeLessThan(0.1);
    expect(mf({ labelClaims: ['Không đường'], ingredients: ['Bột gạo lứt', 'Đường mía'] })).toBeGreaterThan(0.8);
  });

  it('reads a Korean origin only where 국산 is not the tail of another country', () => {
    expect(mf({ category: '건강기능식품', description: '영국산 비타민C 원료를 사용했어요.', ingredients: ['비타민C(영국산)', '산화아연'] })).toBeLessThan(0.1);
    expect(mf({ description: '중국 산둥성 농가에서 수입한 건고추를 국내에서 분쇄했습니다.', attributes: { 원산지: '국산' } })).toBeGreaterThan(0.7);
  });

  it('does not take the packing place for the origin', () => {
    expect(mf({ description: 'Hạt chia nhập khẩu từ Úc, đóng gói tại Việt Nam.', attributes: { origin: 'Úc' } })).toBeLessThan(0.1);
    expect(mf({ description: 'Imported from Panama, Boquete highlands.', attributes: { origin: 'Colombia' } })).toBeGreaterThan(0.7);
  });

  it('reads Korean preservative spellings and soup sections', () => {
    expect(mf({ labelClaims: ['보존료 무첨가'], ingredients: ['연육', '소르빈산칼륨'] })).toBeGreaterThan(0.8);
    expect(mf({ title: '글루텐프리 쌀국수', description: '면: 쌀가루 98%\n스프: 멸치엑기스, 간장(대두, 밀), 밀가루' })).toBeGreaterThan(0.8);
    expect(mf({ title: '글루텐프리 쌀국수', description: '면: 쌀가루 98%\n스프: 멸치엑기스, 정제소금' })).toBeLessThan(0.1);
  });

  it('reads "no cow\'s-milk protein" against milk powder inside a compound ingredient', () => {
    expect(mf({ labelClaims: ['Không đạm sữa bò'], ingredients: ['Bột hạt điều', 'Kem béo (dầu thực vật, bột sữa, maltodextrin)'] })).toBeGreaterThan(0.8);
    expect(mf({ labelClaims: ['Không đạm sữa bò'], ingredients: ['Bột hạt điều', 'Bột yến mạch'] })).toBeLessThan(0.1);
  });

  it('takes "organic iron" for chemistry and an organic certificate number in the text as backing', () => {
    expect(mf({ category: 'supplement', title: 'Viên Sắt Hữu Cơ cho bà bầu', ingredients: ['Sắt bisglycinate'] })).toBeLessThan(0.1);
    expect(mf({ title: 'Trà gừng hữu cơ', description: 'Chứng nhận: USDA Organic - Certificate No. 8150-OR-2291.', ingredients: ['gừng'] })).toBeLessThan(0.1);
    expect(mf({ title: 'Trà gừng hữu cơ', description: 'Chứng nhận hữu cơ đang cập nhật.', ingredients: ['gừng'] })).toBeGreaterThan(0.7);
  });
});

describe('missing_certificate', () => {
  it('reads an Australian TGA licence as an identifier', () => {
    expect(mc({ category: 'supplement', description: 'Australian made. TGA licence MI-2020-LI-07718-1.' })).toBeLessThan(0.1);
    expect(mc({ category: 'supplement', description: 'Australian made. TGA licence pending.' })).toBeGreaterThan(0.7);
  });

  it('knows lip balm, toothpaste and blenders are not food', () => {
    expect(mc({ category: '唇部护理', title: '蜜桃乌龙 无糖润唇膏', labelClaims: ['无糖'] })).toBeLessThan(0.1);
    expect(mc({ category: '구강용품', title: '자일리톨 무설탕 어린이 치약' })).toBeLessThan(0.1);
    expect(mc({ category: 'Điện gia dụng', title: 'Máy xay sinh tố cầm tay - làm sữa hạt' })).toBeLessThan(0.1);
  });
});
