/** All PAT audit rules, in id order. Ids are public contract (YAML, exemptions): never reuse one. */
import type { RuleInfo } from '../model/finding';
import type { PostureRule } from './posture-rule';
import type { PatRule } from './rule';
import { PAT001 } from './rules/PAT001';
import { PAT002 } from './rules/PAT002';
import { PAT003 } from './rules/PAT003';
import { PAT004 } from './rules/PAT004';
import { PAT005 } from './rules/PAT005';
import { PAT006 } from './rules/PAT006';
import { PAT007 } from './rules/PAT007';
import { PAT008 } from './rules/PAT008';
import { PAT009 } from './rules/PAT009';
import { PAT010 } from './rules/PAT010';
import { PAT011 } from './rules/PAT011';
import { PAT012 } from './rules/PAT012';
import { PAT013 } from './rules/PAT013';
import { PAT014 } from './rules/PAT014';

/** Rules that judge one token at a time. */
export const PAT_RULES: readonly PatRule[] = Object.freeze([PAT001, PAT002, PAT003, PAT004, PAT005, PAT006, PAT007, PAT008]);

/** Rules that judge the tenant and organization policies. */
export const POSTURE_RULES: readonly PostureRule[] = Object.freeze([PAT009, PAT010, PAT011, PAT012, PAT013]);

/** Every rule's description: token rules, policy rules, then the audit-log rule. */
export const PAT_RULE_INFOS: readonly RuleInfo[] = Object.freeze([
  ...PAT_RULES.map((rule) => rule.info),
  ...POSTURE_RULES.map((rule) => rule.info),
  PAT014.info,
]);

export const PAT_RULE_IDS: readonly string[] = Object.freeze(PAT_RULE_INFOS.map((info) => info.id));

/** Policy rule ids: their findings make `policyFindingCount`. */
export const POSTURE_RULE_IDS: ReadonlySet<string> = new Set(POSTURE_RULES.map((rule) => rule.info.id));
