import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimsRegisterClassifier, matchingSettingsSchema } from '../../../classifiers/claims-register.js';
import { claimPhrases, importRegister, type RegisterFile } from '../../../classifiers/claims/eu-register.js';
import { RulesClassifier } from '../../../classifiers/rules-classifier.js';
import { parseListing } from '../../../domain/listing.js';
import { ROOT } from '../../helpers/cli.js';
import { sharedRegister } from '../../helpers/shared.js';

// The real register (tests may read ../shared; the project reads its own imported copy at run time).
const REGISTER = sharedRegister;
const settings = matchingSettingsSchema.parse(JSON.parse(readFileSync(path.join(ROOT, 'models', 'claims', 'matching.v1.json'), 'utf8')));
const rawLines = readFileSync(REGISTER, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { claim_text: string; status: string; document_id: string });

let register: RegisterFile;
let classifier: ClaimsRegisterClassifier;
const dir = mkdtempSync(path.join(tmpdir(), 'claims-'));
beforeAll(() => {
  register = importRegister(REGISTER).register;
  classifier = new ClaimsRegisterClassifier(register, settings);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const listing = (description: string) =>
  parseListing({ id: 't:1', platform: 't', url: 'https://t.example/p', title: 'Supplement', description, category: 'supplement', language: 'en' });

describe('when the EU register is imported', () => {
  it('keeps every entry with its status', () => {
    expect(register.claims).toHaveLength(2337);
    expect(register.claims.filter((c) => c.status === 'A')).toHaveLength(269);
    expect(register.claims.filter((c) => c.status === 'N')).toHaveLength(2067);
    expect(register.source.skipped).toBe(0);
  });

  it('reports bad lines with their numbers and imports the rest', () => {
    const file = path.join(dir, 'bad.jsonl');
    const good = readFileSync(REGISTER, 'utf8').split('\n').slice(0, 3);
    writeFileSync(file, [good[0], '{not json', good[1], JSON.stringify({ claim_text: 'x y z', status: 'Maybe', claim_type: 'HCLBT_13_1' }), good[2]].join('\n'));
    const { register: r, errors } = importRegister(file);
    expect(r.claims).toHaveLength(3);
    expect(errors.map((e) => e.line)).toEqual([2, 4]);
    expect(errors[0].message).toMatch(/not valid JSON/);
    expect(errors[1].message).toMatch(/status/);
  });

  it('splits an entry that lists several wordings', () => {
    expect(claimPhrases('- good for your blood pressure - supports a healthy blood pressure; helps maintain a normal blood pressure')).toEqual([
      'good for your blood pressure',
      'supports a healthy blood pressure',
      'helps maintain a normal blood pressure',
    ]);
  });
});

describe('when seller sentences are matched against the register', () => {
  const authorised = () => rawLines.find((l) => l.status === 'Authorised' && l.claim_text.startsWith('Vitamin C contributes to the normal function of the immune system'))!;
  const nonAuthorised = () => rawLines.filter((l) => l.status === 'Non-authorised' && l.claim_text === 'Strong plant antioxidant. Protect cells from premature ageing.');

  it('accepts an authorised claim as lawful wording (info evidence, no false_health_claim score)', () => {
    const a = authorised();
    expect(a).toBeDefined();
    const p = classifier.classify({ listing: listing(`Daily tablets. ${a.claim_text}.`) });
    expect(p.scores.false_health_claim).toBeLessThan(0.1);
    const ev = p.evidence.find((e) => e.rule === 'claims-register/authorised');
    expect(ev?.label).toBe('info');
    expect(ev?.note).toContain(a.document_id);
    expect(classifier.lawfulWording('Vitamin C contributes to the normal function of the immune system')?.claim.id).toBe(a.document_id);
  });

  it('flags a non-authorised claim with evidence pointing at the sentence', () => {
    const ids = nonAuthorised().map((l) => l.document_id);
    expect(ids.length).toBeGreaterThan(0);
    const text = 'Made with wheat sprouts. Protects cells from premature ageing!';
    const p = classifier.classify({ listing: listing(text) });
    expect(p.scores.false_health_claim).toBe(settings.scores.non_authorised);
    const ev = p.evidence.find((e) => e.label === 'false_health_claim')!;
    expect(ev.rule).toBe('claims-register/non-authorised');
    expect(ev.span).toBe('Protects cells from premature ageing');
    expect(text.slice(ev.start, ev.end)).toBe(ev.span);
    expect(ids.some((id) => ev.note!.includes(id))).toBe(true);
    expect(classifier.lawfulWording('Protects cells from premature ageing')).toBeUndefined();
  });

  it('says nothing about unrelated text', () => {
    const p = classifier.classify({ listing: listing('A refreshing drink made from green tea leaves. Store in a cool place.') });
    expect(p.scores.false_health_claim).toBe(settings.scores.none);
    expect(p.evidence).toEqual([]);
  });

  it('is used only by profiles that name a register', () => {
    expect(ClaimsRegisterClassifier.forProfile(path.join(ROOT, 'models'), 'eu')).toBeDefined();
    expect(ClaimsRegisterClassifier.forProfile(path.join(ROOT, 'models'), 'no-such-profile')).toBeUndefined();
  });

  it('lets the rules drop a cure-claim hit on authorised wording, and only there', () => {
    const plain = new RulesClassifier(path.join(ROOT, 'models'));
    const lawful = new RulesClassifier(path.join(ROOT, 'models'), classifier.asLawfulWording());
    const authorised = listing('Plant sterols have been shown to lower blood cholesterol. High cholesterol is a risk factor in the development of coronary heart disease.');
    expect(plain.classify({ listing: authorised }).scores.false_health_claim).toBeGreaterThan(0.8);
    expect(lawful.classify({ listing: authorised }).scores.false_health_claim).toBeLessThan(0.5);
    const cure = listing('This tea lowers cholesterol and cures diabetes.');
    expect(lawful.classify({ listing: cure }).scores.false_health_claim).toBeGreaterThan(0.8);
    expect(lawful.version).toContain('lawful:eu-register@');
  });
});
