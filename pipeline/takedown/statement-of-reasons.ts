import type { Label } from '../../domain/labels.js';
import type { Notice, NoticeItem } from './notice.js';

/**
 * Fields of the DSA Transparency Database statement of reasons (Art. 17/24(5))
 * that a platform files when it acts on one of our notices. We pre-fill them
 * so the platform can copy them.
 */
export interface StatementOfReasons {
  decision_visibility: string[];
  decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT';
  illegal_content_legal_ground: string;
  illegal_content_explanation: string;
  category: string;
  category_addition: string[];
  category_specification: string[];
  content_type: string[];
  source_type: 'SOURCE_ARTICLE_16';
  source_identity: string;
  automated_detection: 'Yes' | 'No';
  automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED';
  puid: string;
  content_date: string | null;
  application_date: string;
  url: string;
}

const CATEGORY: Record<Label, { category: string; keyword: string }> = {
  false_health_claim: { category: 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS', keyword: 'KEYWORD_RISK_PUBLIC_HEALTH' },
  missing_certificate: { category: 'STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS', keyword: 'KEYWORD_RISK_PUBLIC_HEALTH' },
  mislabeled_food: { category: 'STATEMENT_CATEGORY_CONSUMER_INFORMATION', keyword: 'KEYWORD_MISLEADING_INFO_GOODS_SERVICES' },
};

/** DSA TDB caps free text at 5000 characters. */
const MAX_TEXT = 5000;

export function statementOfReasons(
  item: NoticeItem,
  notice: Notice,
  opts: { automatedDetection: boolean; contentDate?: string | null; applicationDate?: string },
): StatementOfReasons {
  const labels = item.labels.length ? item.labels : (['false_health_claim'] as Label[]);
  const categories = [...new Set(labels.map((l) => CATEGORY[l].category))];
  const keywords = [...new Set(labels.map((l) => CATEGORY[l].keyword))];
  const ground = [...new Set(item.legalBasis.map((b) => `${b.instrument}, ${b.article}`))].join('; ');
  return {
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
    decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
    illegal_content_legal_ground: ground.slice(0, MAX_TEXT),
    illegal_content_explanation: item.explanation.slice(0, MAX_TEXT),
    category: categories[0],
    category_addition: categories.slice(1),
    category_specification: keywords,
    content_type: ['CONTENT_TYPE_PRODUCT'],
    source_type: 'SOURCE_ARTICLE_16',
    source_identity: notice.notifier.organisation ?? notice.notifier.name,
    automated_detection: opts.automatedDetection ? 'Yes' : 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    puid: item.listingId,
    content_date: opts.contentDate ?? null,
    application_date: opts.applicationDate ?? notice.createdAt.slice(0, 10),
    url: item.url,
  };
}

export function statementsOfReasons(notice: Notice, automatedDetection = true): StatementOfReasons[] {
  return notice.items.map((it) => statementOfReasons(it, notice, { automatedDetection }));
}
