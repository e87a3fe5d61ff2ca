import type { RuleInfo } from '../../../tasks/common/model/finding';
import { createAuditReport, type AuditReport } from '../../../tasks/common/report';
import { poolFinding } from '../policy/fixtures';

export const HOSTILE_NAMES = [
  'pipe|name|here',
  '<script>alert(1)</script>',
  'line one\nline two\r\nline three',
  '##vso[task.setvariable variable=x]y',
  '##[error]fake error',
  '=HYPERLINK("http://evil","x")',
  'x'.repeat(5000),
  '生产池-東京 🚀 Пул',
  'ctrl\u0000\u0001\u0007\u001b[31mred\u202Eevil',
  ']]> CDATA end',
  '**bold** _it_ [link](javascript:alert(1)) `code` ![img](x)',
];

export const RULES: RuleInfo[] = [
  {
    id: 'POOL001',
    title: 'Broad group has a pool role',
    defaultSeverity: 'high',
    rationale: 'Broad groups give many people control.',
    fix: 'Remove the broad group; grant a named group.',
  },
  {
    id: 'POOL002',
    title: 'Too many pool administrators',
    defaultSeverity: 'medium',
    rationale: 'Each administrator can change the pool.',
    fix: 'Reduce administrators.',
  },
];

/** A report with one finding per hostile name, one exempted finding and one evaluated clean pair. */
export function hostileReport(): AuditReport {
  const findings = HOSTILE_NAMES.map((name, index) =>
    poolFinding({
      resource: { kind: 'pool', id: String(100 + index), name },
      principal: { id: `p${index}`, displayName: name },
      message: `Finding about ${name}`,
      evidence: { note: name },
    }),
  );
  findings.push(
    poolFinding({
      ruleId: 'POOL002',
      severity: 'medium',
      exemption: { reason: 'Owner ##vso[task.complete result=Succeeded]', expires: '2027-01-31' },
    }),
  );
  return createAuditReport({
    toolVersion: '1.2.3',
    task: 'PoolRoleAudit',
    organization: { url: 'https://dev.azure.com/contoso', name: 'contoso' },
    generatedAt: new Date('2026-06-15T12:00:00Z'),
    complete: false,
    missing: [{ scope: 'project Secret|Proj', reason: '403 <Forbidden>' }],
    rules: RULES,
    findings,
    evaluated: [{ ruleId: 'POOL002', resource: { kind: 'pool', id: '7', name: 'Clean-Pool' } }],
  });
}
