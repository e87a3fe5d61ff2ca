import { strict as assert } from 'node:assert';
import { mapAuditEntry, unwrapQueryResult } from '../../../tasks/common/ado/audit-log';
import { mapOrgPolicies, OrgPolicyDataMissingError, ORG_POLICY_DATA_PROVIDER } from '../../../tasks/common/ado/org-policies';
import { mapTenantPolicy } from '../../../tasks/common/ado/tenant-policies';

describe('ado: tenant policies, organization policies and audit log mapping', () => {
  it('tenant policy: value is the state, the allow list is a JSON string, the lifespan a number', () => {
    const policy = mapTenantPolicy('RestrictPersonalAccessTokenLifespan', {
      name: 'TenantPolicy.RestrictPersonalAccessTokenLifespan',
      value: true,
      properties: { MaxPatLifespanInDays: '180', AllowedUsersAndGroupObjectIds: '["a","b"]' },
    });
    assert.deepEqual(policy, {
      name: 'RestrictPersonalAccessTokenLifespan',
      enabled: true,
      maxLifespanDays: 180,
      allowedObjectIds: ['a', 'b'],
    });
    const off = mapTenantPolicy('RestrictFullScopePersonalAccessToken', {
      value: false,
      properties: { AllowedUsersAndGroupObjectIds: 'not json' },
    });
    assert.deepEqual([off.enabled, off.allowedObjectIds, off.maxLifespanDays], [false, [], undefined]);
  });

  it('organization policies: effectiveValue wins over value; allow list names kept; every category read', () => {
    const body = {
      fps: {
        dataProviders: {
          data: {
            [ORG_POLICY_DATA_PROVIDER]: {
              policies: {
                security: [
                  { policy: { name: 'Policy.LogAuditEvents', value: false, effectiveValue: true } },
                  {
                    policy: {
                      name: 'Policy.DisablePATCreation',
                      value: true,
                      effectiveValue: true,
                      properties: { isAllowListEnabled: true, allowedUsersAndGroupObjectIds: [{ displayName: 'Ops', objectId: 'o1' }] },
                    },
                  },
                ],
                applicationConnection: [{ policy: { name: 'Policy.DisallowSecureShell', value: true } }],
                user: [],
              },
            },
          },
        },
      },
    };
    const policies = mapOrgPolicies(body, 'u');
    assert.equal(policies.get('Policy.LogAuditEvents')?.effective, true);
    assert.deepEqual(policies.get('Policy.DisablePATCreation')?.allowList, [{ displayName: 'Ops', objectId: 'o1' }]);
    assert.equal(policies.get('Policy.DisallowSecureShell')?.effective, true, 'value is used when there is no effectiveValue');
    assert.throws(() => mapOrgPolicies({ fps: { dataProviders: { data: {} } } }, 'u'), OrgPolicyDataMissingError);
  });

  it('audit log: reads the documented body and the {value: {...}} wrapper alike', () => {
    const result = { decoratedAuditLogEntries: [{ id: '1' }], continuationToken: 't', hasMore: true };
    assert.deepEqual(unwrapQueryResult(result), result);
    assert.deepEqual(unwrapQueryResult({ value: result }), result);
    assert.deepEqual(unwrapQueryResult(undefined), {});
  });

  it('audit log entries without an action or a timestamp are dropped', () => {
    assert.equal(mapAuditEntry({ id: '1', timestamp: '2026-11-01T00:00:00Z' }), undefined);
    assert.equal(mapAuditEntry({ id: '1', actionId: 'Token.PatCreateEvent', timestamp: 'yesterday' }), undefined);
    const entry = mapAuditEntry({ id: '1', actionId: 'Token.PatCreateEvent', timestamp: '2026-11-01T00:00:00Z', data: null });
    assert.deepEqual([entry?.timestamp.toISOString(), entry?.data], ['2026-11-01T00:00:00.000Z', {}]);
  });
});
