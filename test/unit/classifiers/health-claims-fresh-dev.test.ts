import { describe, expect, it } from 'vitest';
import { CLEAR, claimPairs, FLAG, rulesProbe } from '../../helpers/rules-probe.js';

// What health-claims@1.5.0 added after the fresh dev sets: each case pairs what must be
// flagged with the look-alike that must not be. Sentences are written for these tests.
const { classify, fhc } = rulesProbe('fhc5');
const pairs = claimPairs(fhc);

describe('hair loss and alopecia', () => {
  pairs([
    ['en', 'This serum regrows bald spots caused by alopecia areata.', 'A light serum for shiny hair, rinse after ten minutes.'],
    ['zh', '坚持吃两个月，鬼剃头的地方都能长回来。', '头发长了可以来店里修剪，长回来很快。'],
    ['ko', '원형탈모 부위에 머리가 다시 자라요.', '머리가 길어서 묶기 편한 헤어밴드입니다.'],
    ['vi', 'Dùng 3 tuần tóc mọc lại ở chỗ rụng tóc từng mảng.', 'Cây giống mọc lại rất nhanh sau khi cắt tỉa.'],
  ]);
});

describe('menstrual and fertility disorders', () => {
  pairs([
    ['en', 'Our tea treats irregular periods and PCOS naturally.', 'Our tea is a cosy drink for rainy periods of the year.'],
    ['zh', '痛经、月经不调喝一个月就调理好了。', '经期注意保暖，少喝冰饮。'],
    ['ko', '생리불순과 생리통 완화에 탁월합니다.', '생리 기간에도 편하게 입는 면 소재 속옷입니다.'],
    ['vi', 'Chữa dứt điểm đau bụng kinh và kinh nguyệt không đều.', 'Túi chườm ấm giữ nhiệt lâu trong mùa lạnh.'],
  ]);
});

describe('nodules, cysts and hyperplasia', () => {
  pairs([
    ['en', 'Helps dissolve thyroid nodules and ovarian cysts in weeks.', 'Seaweed snack with a little sea salt.'],
    ['zh', '乳腺增生、子宫肌瘤，坚持喝慢慢就消掉了。', '活动取消了，订单会自动退款。'],
    ['ko', '갑상선 결절과 물혹을 없애줘요.', '물에 잘 녹는 분말 타입입니다.'],
    ['vi', 'Uống đều đặn giúp tiêu u xơ tử cung và u nang buồng trứng.', 'Ăn kèm với rau sống rất ngon.'],
  ]);
});

describe('thrombus and clogged vessels', () => {
  pairs([
    ['en', 'Nattokinase unclogs your arteries and dissolves blood clots.', 'Unclogs kitchen drains in minutes (not for food use).'],
    ['zh', '三七粉疏通血管，预防脑血栓。', '三七粉超细研磨，冲服方便。'],
    ['ko', '혈관 청소부 오메가3, 혈전을 녹여줍니다.', '주방 청소에 쓰는 베이킹소다입니다.'],
    ['vi', 'Giúp làm tan huyết khối, thông mạch máu.', 'Tan nhanh trong nước ấm, pha uống liền.'],
  ]);
});

describe('uric acid', () => {
  pairs([
    ['en', 'Tart cherry lowers high uric acid for good.', 'Tart cherry concentrate, no added sugar.'],
    ['zh', '每天一杯，降尿酸不用愁。', '酸樱桃味道酸甜，老少皆宜。'],
    ['ko', '요산 수치가 정상으로 돌아왔어요.', '상큼한 체리 맛 음료입니다.'],
    ['vi', 'Hạ axit uric cấp tốc chỉ sau 1 tuần.', 'Vị chua nhẹ của quả anh đào rất dễ uống.'],
  ]);
});

describe('stopping medicines by name', () => {
  pairs([
    ['en', 'Customers ditch their metformin after one box.', 'Ditch the sugary sodas and pick a sparkling tea.'],
    ['zh', '喝了三个月，二甲双胍都停了。', '喝了三个月，回购了好几次。'],
    ['zh', '和降压药说拜拜！', '和朋友说拜拜的时候送一盒。'],
    ['ko', '6개월 만에 혈압약 졸업했어요.', '고등학교 졸업 선물로 좋아요.'],
    ['vi', 'Uống 2 tháng không phải tiêm insulin nữa.', 'Không phải lo hết hàng nữa, kho luôn đầy.'],
  ]);

  it('reads a warning not to stop medicine as no claim', () => {
    expect(fhc({ description: "Don't stop taking your medication without asking your doctor." })).toBeLessThan(CLEAR);
    expect(fhc({ description: '不能替代药物，请勿擅自停药。' })).toBeLessThan(CLEAR);
  });

  it('does not read "drug residues" as stopping a medicine', () => {
    expect(fhc({ description: '有机种植，告别药物残留。' })).toBeLessThan(CLEAR);
  });
});

describe('a cure for everything', () => {
  pairs([
    ['en', 'Grandma called it a cure for everything.', 'Grandma called it the best jam for everything from toast to yogurt.'],
    ['en', 'The original cure-all tonic.', 'The original all-purpose seasoning.'],
  ]);
});

describe('spellings that dodge filters', () => {
  pairs([
    ['en digits', 'This tea cures d1abetes in a month.', 'This tea has 1 gram of sugar per cup.'],
    ['en dotted', 'Say goodbye to g.o.u.t and joint pain, drink daily.', 'Sizes S M L, goodbye to tight fits.'],
    ['vi dotted', 'Hết t.i.ể.u đ.ư.ờ.n.g sau 3 tháng.', 'Hết hàng sau 3 ngày, đặt sớm nhé.'],
    ['zh pinyin', '喝了半年，gao血压好了。', '喝了半年，gao兴极了。'],
    ['zh pinyin', '肺结jie一个月就消退了。', '蝴蝶结一个月就卖完了。'],
    ['zh spaced', '痛 风 克 星，一周见效。', '风味独特，一周内发货。'],
    ['zh spaced', '功效：活血 预防中 风', '产地：云南 中 风味浓郁'],
  ]);

  it('reads a spaced-out disease with the promise in another sentence', () => {
    expect(fhc({ description: '당 뇨 때문에 고민이신 분.\n한 달이면 수치가 달라집니다.' })).toBeGreaterThan(FLAG);
    // Korean words are spaced: "한 통 풍부한" is "one tub, rich", not "통풍" (gout).
    expect(fhc({ description: '한 통 풍부한 맛.\n한 달이면 수치가 달라집니다.' })).toBeLessThan(CLEAR);
  });

  it('does not read a stray space in Chinese as a dodge when the promise is elsewhere', () => {
    expect(fhc({ description: '糖 尿病患者慎用。\n防潮保存。' })).toBeLessThan(CLEAR);
  });

  it('does not read a pinyin verb past a notice written in Han', () => {
    expect(fhc({ description: '不能用于zhi疗鼻炎。' })).toBeLessThan(CLEAR);
  });
});

describe('lab values back to normal', () => {
  pairs([
    ['en', 'Blood sugar readings back to normal in three weeks.', 'Back to normal shipping times after the holidays.'],
    ['vi', 'Uống đều thì chỉ số mỡ máu về bình thường.', 'Giao hàng về bình thường sau Tết.'],
    ['zh', '喝了两个月，血压恢复正常了。', '快递已恢复正常，下单即发。'],
  ]);
});

describe('denials and look-alikes', () => {
  it('reads a zh denial followed by more words in the same sentence as a denial', () => {
    expect(fhc({ description: '这是普通食品，不能治疗任何疾病哦，别信别家说能治病的。' })).toBeLessThan(CLEAR);
  });

  it('keeps Vietnamese words apart that fold alike, where the seller wrote the marks', () => {
    // "điều trị" (treatment) holds "trị", which folds like "trĩ" (piles).
    expect(fhc({ description: 'Máy chỉ dùng để theo dõi, không thay thế chẩn đoán hay điều trị của bác sĩ.' })).toBeLessThan(CLEAR);
    // "dầu đậu nành, giấm" (soybean oil, vinegar) is not "đau đầu, giảm" (headache, reduce).
    expect(fhc({ description: 'Nước sốt gồm dầu đậu nành, giấm gạo và muối.' })).toBeLessThan(CLEAR);
    expect(fhc({ description: 'Giảm đau đầu chỉ sau 10 phút.' })).toBeGreaterThan(FLAG);
  });

  it('reads "dùng" (use) before a verb as no negation, and "đừng" (don\'t) as one', () => {
    expect(fhc({ description: 'Người bị gan nhiễm mỡ dùng 2 tháng là đẩy lùi bệnh.' })).toBeGreaterThan(FLAG);
    expect(fhc({ description: 'Đừng mong đẩy lùi gan nhiễm mỡ chỉ bằng trà.' })).toBeLessThan(CLEAR);
  });

  it('still reads "trị" as the verb next to another disease', () => {
    expect(fhc({ description: 'Chuyên trị ho, viêm họng lâu năm.' })).toBeGreaterThan(FLAG);
  });

  it('reads an ingredient line in the description as ingredients', () => {
    expect(fhc({ description: 'Thanh phan: dau dau nanh, giam, duong, muoi.' })).toBeLessThan(CLEAR);
  });

  it('reads a registration statement with its number further on as no fake approval', () => {
    expect(fhc({ description: 'Sản phẩm được Bộ Y tế cấp giấy tiếp nhận đăng ký bản công bố số 1234/2024/ĐKSP.' })).toBeLessThan(CLEAR);
    expect(fhc({ description: 'Sản phẩm được Bộ Y tế chứng nhận an toàn tuyệt đối.' })).toBeGreaterThan(FLAG);
  });

  it('reads a claim in an attribute', () => {
    expect(fhc({ attributes: { 功效: '降血糖 防中 风' } })).toBeGreaterThan(FLAG);
    expect(fhc({ attributes: { 规格: '250g 中 号' } })).toBeLessThan(CLEAR);
  });
});
