/** All pool role audit rules, in id order. Ids are public contract (YAML, exemptions): never reuse one. */
import type { RuleInfo } from '../model/finding';
import type { PoolRule } from './rule';
import { POOL001 } from './rules/POOL001';
import { POOL002 } from './rules/POOL002';
import { POOL003 } from './rules/POOL003';
import { POOL004 } from './rules/POOL004';
import { POOL005 } from './rules/POOL005';
import { POOL006 } from './rules/POOL006';
import { POOL007 } from './rules/POOL007';
import { POOL008 } from './rules/POOL008';
import { POOL009 } from './rules/POOL009';
import { POOL010 } from './rules/POOL010';
import { POOL011 } from './rules/POOL011';
import { POOL012 } from './rules/POOL012';
import { POOL013 } from './rules/POOL013';
import { POOL014 } from './rules/POOL014';
import { POOL015 } from './rules/POOL015';
import { POOL016 } from './rules/POOL016';
import { POOL017 } from './rules/POOL017';
import { POOL018 } from './rules/POOL018';
import { POOL019 } from './rules/POOL019';

export const POOL_RULES: readonly PoolRule[] = Object.freeze([
  POOL001,
  POOL002,
  POOL003,
  POOL004,
  POOL005,
  POOL006,
  POOL007,
  POOL008,
  POOL009,
  POOL010,
  POOL011,
  POOL012,
  POOL013,
  POOL014,
  POOL015,
  POOL016,
  POOL017,
  POOL018,
  POOL019,
]);

export const POOL_RULE_IDS: readonly string[] = Object.freeze(POOL_RULES.map((rule) => rule.info.id));

/** Static rule descriptions (for SARIF `rules`, docs, the summary tab). */
export const POOL_RULE_INFOS: readonly RuleInfo[] = Object.freeze(POOL_RULES.map((rule) => rule.info));
