import { strict as assert } from 'node:assert';
import { AdoApi } from '../../../tasks/common/ado/api';
import { RestClient } from '../../../tasks/common/http/client';
import { createIdentityResolver } from '../../../tasks/common/identity/resolver';
import { systemClock, type Logger } from '../../../tasks/common/model/context';
import { FakeTransport, type FakeAnswer } from '../http/fake-transport';

const quiet: Logger = { info() {}, warn() {}, debug() {} };
const ORG = 'https://dev.example.test/contoso/';
const VSSPS = 'https://vssps.example.test/contoso/';
/** As in graph/7.1/httpExamples/MembershipsBatch: base64 of the legacy identity descriptor, without padding. */
const LEGACY_ERIN = Buffer.from('Microsoft.IdentityModel.Claims.ClaimsIdentity;tenant\\erin@contoso.test').toString('base64url');

function resolverWith(lookupKeyedBy: 'asked' | 'subject') {
  const subjects: Record<string, { descriptor: string; displayName: string; subjectKind: string }> = {
    [LEGACY_ERIN]: { descriptor: 'aad.ZXJpbg', displayName: 'Erin', subjectKind: 'user' },
    'aad.ZnJhbms': { descriptor: 'aad.ZnJhbms', displayName: 'Frank', subjectKind: 'user' },
  };
  const transport = new FakeTransport((request): FakeAnswer => {
    const url = new URL(request.url);
    if (url.pathname.includes('/resourceAreas/')) return { status: 200, body: { locationUrl: VSSPS } };
    if (url.pathname.includes('/Memberships/')) {
      return {
        status: 200,
        body: {
          count: 2,
          value: [LEGACY_ERIN, 'aad.ZnJhbms'].map((memberDescriptor) => ({ containerDescriptor: 'vssgp.b3Bz', memberDescriptor })),
        },
      };
    }
    const keys = (JSON.parse(String(request.body)) as { lookupKeys: { descriptor: string }[] }).lookupKeys.map((k) => k.descriptor);
    const value = Object.fromEntries(
      keys.filter((key) => subjects[key]).map((key) => [lookupKeyedBy === 'asked' ? key : subjects[key].descriptor, subjects[key]]),
    );
    return { status: 200, body: { count: Object.keys(value).length, value } };
  });
  const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const client = new RestClient({ credential, scope: 's/.default', maxConcurrency: 4, logger: quiet, clock: systemClock, transport });
  return createIdentityResolver(new AdoApi(client, ORG, quiet));
}

describe('identity resolver', () => {
  for (const keyedBy of ['asked', 'subject'] as const) {
    it(`resolves members listed by legacy identity descriptor to their subject descriptor (answers keyed by the ${keyedBy} descriptor)`, async () => {
      const members = await resolverWith(keyedBy).members({
        id: 'g',
        descriptor: 'vssgp.b3Bz',
        kind: 'azureDevOpsGroup',
        displayName: 'Ops',
      });
      const erin = members.find((m) => m.displayName === 'Erin');
      if (keyedBy === 'subject') {
        // A service keying answers by subject descriptor cannot be matched to a legacy key: unresolved, never dropped.
        assert.equal(members.length, 2);
        assert.ok(members.some((m) => m.unresolved));
        return;
      }
      assert.deepEqual(
        members.map((m) => [m.id, m.descriptor, m.kind]),
        [
          ['aad.ZXJpbg', 'aad.ZXJpbg', 'user'],
          ['aad.ZnJhbms', 'aad.ZnJhbms', 'user'],
        ],
      );
      assert.equal(erin?.unresolved, undefined);
    });
  }

  it('resolves the storage keys of bare role holders many per identities request, and asks graph only for the rest', async () => {
    const known: Record<string, string> = {
      '81fa638908726fdda4517ba7880f566a': 'aad.QWxpY2U',
      '7c86b535818b423fb0fd19a2e9f32710': 'aad.Qm9i',
    };
    const transport = new FakeTransport((request): FakeAnswer => {
      const url = new URL(request.url);
      if (url.pathname.includes('/resourceAreas/')) return { status: 200, body: { locationUrl: VSSPS } };
      if (url.pathname.endsWith('/_apis/identities')) {
        // As ims/7.1/httpExamples/Identities/SearchByIds.json: ids with dashes back, null for an unknown one.
        const ids = (url.searchParams.get('identityIds') ?? '').split(',');
        const value = ids.map((id) => {
          const key = id.replace(/-/g, '').toLowerCase();
          const guid = `${key.slice(0, 8)}-${key.slice(8, 12)}-${key.slice(12, 16)}-${key.slice(16, 20)}-${key.slice(20)}`;
          return known[key] ? { id: guid, subjectDescriptor: known[key] } : null;
        });
        return { status: 200, body: { count: value.length, value } };
      }
      if (url.pathname.includes('/graph/descriptors/')) return { status: 404, body: { message: 'unknown' } };
      const keys = (JSON.parse(String(request.body)) as { lookupKeys: { descriptor: string }[] }).lookupKeys.map((k) => k.descriptor);
      const value = Object.fromEntries(keys.map((key) => [key, { descriptor: key, displayName: key, subjectKind: 'user' }]));
      return { status: 200, body: { count: keys.length, value } };
    });
    const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new RestClient({ credential, scope: 's/.default', maxConcurrency: 4, logger: quiet, clock: systemClock, transport });
    const resolver = createIdentityResolver(new AdoApi(client, ORG, quiet));
    const holders = ['81fa638908726fdda4517ba7880f566a', '7C86B535-818B-423F-B0FD-19A2E9F32710', 'dead0000-0000-0000-0000-000000000001'];
    const resolved = await Promise.all(holders.map((id) => resolver.byStorageKey({ id, kind: 'unknown', displayName: id })));

    assert.deepEqual(
      resolved.map((identity) => [identity.id, identity.descriptor, identity.unresolved ?? false]),
      [
        [holders[0], 'aad.QWxpY2U', false],
        [holders[1], 'aad.Qm9i', false],
        [holders[2], undefined, true],
      ],
    );
    const paths = transport.sent.map((request) => new URL(request.url).pathname.replace(/^\/contoso\//, ''));
    assert.equal(paths.filter((p) => p === '_apis/identities').length, 1, 'one identities request for all three');
    assert.deepEqual(
      paths.filter((p) => p.startsWith('_apis/graph/descriptors/')),
      [`_apis/graph/descriptors/${holders[2]}`],
    );
  });
});
