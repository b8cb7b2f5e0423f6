import { describe, expect, it } from 'vitest';
import { CLEAR, FLAG, rulesProbe } from '../../helpers/rules-probe.js';

// What health-claims@1.7.0 added: each family pairs a claim that must be flagged with the
// look-alike that must not be. Sentences are written for the test, not taken from the dev set.
const { fhc } = rulesProbe('fhc3');
const flagged = (description: string) => expect(fhc({ description })).toBeGreaterThan(FLAG);
const clean = (description: string) => expect(fhc({ description })).toBeLessThan(CLEAR);

describe('no recurrence promised: "never have another attack"', () => {
  it('reads a promise that an attack of a disease will not come back', () => {
    flagged('Our buyers say they never had another asthma attack after the first bottle.');
    flagged('Customers tell us they never again suffer another migraine.');
  });
  it('leaves the same wording without a disease alone', () => {
    clean('You will never have another boring breakfast with this granola.');
  });
});

describe('flushing or dissolving crystals and deposits', () => {
  it('reads flushing uric acid crystals (the verb split around its object) as a claim', () => {
    flagged('The tea flushes urate crystals right out of your joints.');
    flagged('Celery seed flushes all that uric acid straight out, every night.');
  });
  it('leaves kitchen crystals and flushing without a disease alone', () => {
    clean('Stir until the sugar crystals dissolve, then flush the pan out with hot water.');
  });
});

describe('zh: disease names written in pinyin or as pinyin initials', () => {
  it('reads full pinyin and initials such as tnb (糖尿病) and gxy (高血压), even glued to Han', () => {
    flagged('每天一杯 gao xue ya 说拜拜');
    flagged('桑叶茶 tnb克星');
    flagged('告别 GXY，全家都放心');
  });
  it('does not read the letters inside a model number or a word', () => {
    clean('产品编号 TNB2024，降温后冲泡');
    clean('Tnbx 品牌 降价促销');
  });
});

describe('zh: a lab value said to drop, without the number', () => {
  it('reads the fasting value or HbA1c going down as a claim', () => {
    flagged('喝了半个月，空腹值一路往下掉，告别糖尿病');
    flagged('坚持三个月，糖化直线下降，高血糖再也不怕');
  });
  it('does not read hair or prices going down as a metric', () => {
    clean('掉发严重的时候头发一直往下掉，所以我们做了这款洗发水的试用装');
    clean('胃炎患者请勿空腹饮用，空腹喝下来了会不舒服');
  });
});

describe('zh: medicine cut down, compared, or a check-up back to normal', () => {
  it('reads a dose cut to a fraction as stopping the medicine', () => {
    flagged('降压药已经减到一片了');
    flagged('胰岛素减至每天一针');
  });
  it('reads gentler or safer than medicine as a claim', () => {
    flagged('调理失眠比吃药安全多了');
    flagged('比西药温和，孩子也能喝');
  });
  it('reads a re-examination that came back normal as a claim', () => {
    flagged('喝了两个月，彩超复查结节不见了');
    flagged('化验指标全部恢复正常');
  });
  it('leaves mildness, dose directions and routine scans alone', () => {
    clean('口感比普通绿茶温和，回甘明显');
    clean('孕期做B超前后都可以正常饮用');
    clean('本品含糖量减到原来的一半');
  });
});

describe('zh: approved blue-hat function names', () => {
  it('does not read the 2023 function name with its old name in brackets as a cure claim', () => {
    clean('保健功能：有助于维持血糖健康水平（原辅助降血糖）');
    clean('保健功能：有助于维持血脂健康水平（原辅助降血脂）、有助于改善睡眠（原改善睡眠）');
  });
  it('still reads a claim written after the function name', () => {
    flagged('保健功能：有助于维持血脂健康水平（原辅助降血脂），吃了就能停药');
  });
});

describe('children\'s neurodevelopmental conditions', () => {
  it.each([
    ['zh', '长期吃，孩子的抽动症好了'],
    ['zh', '专治多动症，注意力集中'],
    ['en', 'This gummy stops tic disorders in kids for good.'],
    ['ko', '우리 아이 틱장애 개선에 효과 봤어요'],
    ['vi', 'Giúp trẻ hết tăng động chỉ sau một tháng'],
  ])('reads a cure claim for tics, ADHD or autism in %s', (_lang, text) => flagged(text));
  it('leaves a denial alone', () => {
    clean('本品不能治疗抽动症');
    clean('This snack does not treat ADHD or tic disorders.');
  });
});

describe('ko: respiratory conditions and slang for "works straight away"', () => {
  it('reads bronchitis, cough and 직빵 as a claim', () => {
    flagged('기관지염에 직빵입니다');
    flagged('매일 한 잔이면 기침이 멈춰요');
  });
  it('leaves 직빵 without a disease and a cough caution alone', () => {
    clean('목 넘김이 직빵으로 시원해요');
    clean('기침이 심하면 섭취를 중단하고 의사와 상담하세요');
  });
});
