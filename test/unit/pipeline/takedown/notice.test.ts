import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../../config.js';
import { canTransition, recrawlOutcome } from '../../../../domain/takedown-status.js';
import { csvCell, exportNotice, noticeToCsv, noticeToEmail, noticeToHtml } from '../../../../pipeline/takedown/exporters.js';
import { loadJurisdictions, resolveJurisdiction } from '../../../../pipeline/takedown/jurisdictions.js';
import { buildBatchNotice, buildNotice, missingNoticeElements, type NoticeCase } from '../../../../pipeline/takedown/notice.js';
import { statementsOfReasons } from '../../../../pipeline/takedown/statement-of-reasons.js';
import path from 'node:path';

const profiles = loadJurisdictions(path.join(REPO_ROOT, 'models'));
const notifier = { name: 'Ana Reviewer', email: 'ana@example.org', organisation: 'Food Watch' };

function sample(over: Partial<NoticeCase> = {}): NoticeCase {
  return {
    caseId: 7,
    listingId: 'shop:7',
    url: 'https://shop.example/p/7',
    title: 'Bitter melon capsules – reverses diabetes',
    platformId: 'shop',
    platformName: 'Shop',
    sellerName: 'Seller "One", Ltd',
    labels: ['false_health_claim', 'missing_certificate'],
    scores: { false_health_claim: 0.93, missing_certificate: 0.8 },
    evidence: [
      { label: 'false_health_claim', field: 'title', span: 'reverses diabetes', classifier: 'rules', version: '1', score: 0.93 },
      { label: 'false_health_claim', field: 'title', span: 'reverses diabetes', classifier: 'rules', version: '1', score: 0.93 },
      { label: 'info', field: 'listing', span: 'x', classifier: 'rules', version: '1', score: 0 },
    ],
    source: 'classifier',
    reviewer: 'ana',
    ...over,
  };
}

describe('when jurisdiction profiles are loaded', () => {
  it('reads every profile with a legal basis per label and falls back to eu', () => {
    expect([...profiles.keys()].sort()).toEqual(['cn', 'eu', 'kr', 'tw', 'vn']);
    expect(profiles.get('eu')!.legal_basis.false_health_claim.map((b) => b.article)).toContain('Art. 10(1)');
    expect(profiles.get('vn')!.legal_basis.missing_certificate[0].instrument).toContain('15/2018/NĐ-CP');
    expect(profiles.get('vn')!.legal_basis.mislabeled_food[0].instrument).toContain('43/2017');
    expect(resolveJurisdiction(profiles, 'default').id).toBe('eu');
  });
});

describe('when a notice is built for one confirmed case', () => {
  const n = buildNotice(sample(), profiles.get('eu')!, notifier, new Date('2026-02-01T10:00:00Z'));

  it('carries every DSA Art. 16(2) element', () => {
    expect(missingNoticeElements(n)).toEqual([]);
    expect(n.items[0].url).toBe('https://shop.example/p/7');
    expect(n.items[0].explanation).toContain('"reverses diabetes" (title)');
    expect(n.items[0].explanation).toContain('Regulation (EC) No 1924/2006 on nutrition and health claims made on foods, Art. 10(1)');
    expect(n.items[0].evidence).toHaveLength(1);
    expect(n.goodFaithStatement).toMatch(/bona fide belief/);
    expect(n.legalFramework).toContain('Article 16');
    expect(n.reference).toBe('SW-shop-7');
  });

  it('reports what is missing when the notifier has no email', () => {
    const bad = buildNotice(sample(), profiles.get('eu')!, { name: 'x', email: 'nope' });
    expect(missingNoticeElements(bad)).toEqual(['notifier.email']);
  });

  it('cites national law for a non-DSA profile', () => {
    const vn = buildNotice(sample(), profiles.get('vn')!, notifier);
    expect(vn.legalFramework).toBe('Notice of illegal content under the law of Việt Nam');
    expect(vn.items[0].legalBasis.some((b) => b.instrument.includes('Nghị định 15/2018/NĐ-CP'))).toBe(true);
  });

  it('exports email, CSV, HTML and JSON with the same content', () => {
    const email = noticeToEmail(n);
    expect(email.subject).toContain('[SW-shop-7]');
    expect(email.body).toContain('Exact URL: https://shop.example/p/7');
    expect(email.body).toContain('Notifier: Ana Reviewer, Food Watch <ana@example.org>');
    const csv = noticeToCsv(n).split('\r\n');
    expect(csv[0].split(',').slice(0, 6)).toEqual(['reference', 'platform', 'jurisdiction', 'case_id', 'listing_id', 'url']);
    expect(csv[1]).toContain('"Seller ""One"", Ltd"');
    const json = JSON.parse(exportNotice(n, 'json').body);
    expect(json.statementsOfReasons).toHaveLength(1);
    expect(noticeToHtml(n)).toContain("default-src 'none'");
  });
});

describe('when listing text is hostile', () => {
  const n = buildNotice(sample({ title: '<script>alert(1)</script>\nSubject: spoofed', sellerName: '=HYPERLINK("http://x")' }), profiles.get('eu')!, notifier);

  it('escapes it in HTML, keeps it on one line in email and neutralises CSV formulas', () => {
    expect(noticeToHtml(n)).not.toContain('<script>');
    expect(noticeToHtml(n)).toContain('&#60;script&#62;');
    expect(noticeToEmail(n).body).not.toMatch(/\nSubject: spoofed/);
    expect(noticeToCsv(n)).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-cmd')).toBe("'-cmd");
  });
});

describe('when cases are batched per platform', () => {
  it('lists every listing in one notice and refuses mixed platforms', () => {
    const b = buildBatchNotice([sample({ caseId: 9, listingId: 'shop:9' }), sample()], profiles.get('eu')!, notifier);
    expect(b.kind).toBe('batch');
    expect(b.items.map((i) => i.caseId)).toEqual([7, 9]);
    expect(noticeToCsv(b).trim().split('\r\n')).toHaveLength(3);
    expect(() => buildBatchNotice([sample(), sample({ platformId: 'other' })], profiles.get('eu')!, notifier)).toThrow(/per platform/);
  });
});

describe('when the statement of reasons is exported', () => {
  it('fills the DSA Transparency Database fields from the labels', () => {
    const [sor] = statementsOfReasons(buildNotice(sample({ labels: ['false_health_claim', 'mislabeled_food'] }), profiles.get('eu')!, notifier));
    expect(sor).toMatchObject({
      decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      category: 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS',
      category_addition: ['STATEMENT_CATEGORY_CONSUMER_INFORMATION'],
      category_specification: ['KEYWORD_RISK_PUBLIC_HEALTH', 'KEYWORD_MISLEADING_INFO_GOODS_SERVICES'],
      content_type: ['CONTENT_TYPE_PRODUCT'],
      source_type: 'SOURCE_ARTICLE_16',
      automated_detection: 'Yes',
      automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
      puid: 'shop:7',
    });
    expect(sor.illegal_content_legal_ground).toContain('Regulation (EU) No 1169/2011');
    expect(sor.illegal_content_explanation.length).toBeGreaterThan(40);
  });
});

describe('when a takedown request moves', () => {
  it('follows draft → sent → acknowledged → removed → verified_removed only', () => {
    expect(canTransition('draft', 'sent')).toBe(true);
    expect(canTransition('draft', 'removed')).toBe(false);
    expect(canTransition('verified_removed', 'draft')).toBe(false);
    expect(canTransition('still_online', 'escalated')).toBe(true);
  });

  it('is verified by a re-crawl that found the listing gone, or still_online after N days', () => {
    const sentAt = new Date('2026-01-01T00:00:00Z');
    const day = (d: number) => new Date(sentAt.getTime() + d * 86_400_000);
    expect(recrawlOutcome({ status: 'sent', sentAt }, { status: 'removed', lastSeenAt: day(1) }, day(2), 7)).toBe('verified_removed');
    expect(recrawlOutcome({ status: 'sent', sentAt }, { status: 'active', lastSeenAt: day(3) }, day(3), 7)).toBeUndefined();
    expect(recrawlOutcome({ status: 'acknowledged', sentAt }, { status: 'active', lastSeenAt: day(8) }, day(8), 7)).toBe('still_online');
    expect(recrawlOutcome({ status: 'draft', sentAt: null }, { status: 'removed', lastSeenAt: day(8) }, day(8), 7)).toBeUndefined();
  });
});
