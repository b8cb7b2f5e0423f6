import { en } from './en.js';
import { ko } from './ko.js';
import type { Lang, LangBank } from './types.js';
import { vi } from './vi.js';
import { zh } from './zh.js';

export const BANKS: Partial<Record<Lang, LangBank>> = { en, vi, zh, ko };
