import { strict as assert } from 'node:assert';
import { organizationNameOf } from '../../../tasks/common/report';

describe('report: organization name of a URL', () => {
  it('is the same name for both URL forms, so audits and inventories of one organization merge under one name', () => {
    assert.equal(organizationNameOf('https://dev.azure.com/contoso/'), 'contoso');
    assert.equal(organizationNameOf('https://contoso.visualstudio.com/'), 'contoso');
    assert.equal(organizationNameOf('https://dev.azure.com/my%20org'), 'my org');
  });
});
