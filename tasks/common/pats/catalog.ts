/** All PAT audit rules, in id order. Ids are public contract (YAML, exemptions): never reuse one. */
import type { RuleInfo } from '../model/finding';
import type { PatRule } from './rule';
import { PAT001 } from './rules/PAT001';
import { PAT002 } from './rules/PAT002';
import { PAT003 } from './rules/PAT003';
import { PAT004 } from './rules/PAT004';
import { PAT005 } from './rules/PAT005';
import { PAT006 } from './rules/PAT006';
import { PAT007 } from './rules/PAT007';
import { PAT008 } from './rules/PAT008';

export const PAT_RULES: readonly PatRule[] = Object.freeze([PAT001, PAT002, PAT003, PAT004, PAT005, PAT006, PAT007, PAT008]);

export const PAT_RULE_IDS: readonly string[] = Object.freeze(PAT_RULES.map((rule) => rule.info.id));

export const PAT_RULE_INFOS: readonly RuleInfo[] = Object.freeze(PAT_RULES.map((rule) => rule.info));
