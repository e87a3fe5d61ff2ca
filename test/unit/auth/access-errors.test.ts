import { strict as assert } from 'node:assert';
import { explainAccessFailure } from '../../../tasks/common/auth/access-errors';
import type { SignIn } from '../../../tasks/common/auth/credentials';
import { HttpError } from '../../../tasks/common/http/errors';

const connection: SignIn = {
  credential: { getToken: async () => null },
  description: "service connection 'azureDevOpsServiceConnection' (workload identity federation)",
  isJobToken: false,
};
const jobToken: SignIn = { ...connection, description: 'the job access token', isJobToken: true };
const httpError = (status: number, serviceMessage: string) =>
  new HttpError({
    method: 'GET',
    url: 'https://dev.azure.com/contoso/_apis/distributedtask/pools?api-version=7.1',
    status,
    serviceMessage,
  });

describe('auth: explainAccessFailure', () => {
  it('says a 401 means the connection identity is not an organization user, naming the input and the fix', () => {
    const error = explainAccessFailure(
      httpError(401, "TF400813: The user 'x' is not authorized to access this resource."),
      connection,
      'read agent pools',
    ) as Error;
    assert.match(error.message, /^Azure DevOps did not accept service connection 'azureDevOpsServiceConnection'/);
    assert.match(error.message, /HTTP 401 on GET \/contoso\/_apis\/distributedtask\/pools: TF400813/);
    assert.match(error.message, /Organization settings > Users/);
    assert.ok(error.cause instanceof HttpError);
  });

  it('points a rejected job token at organizationUrl', () => {
    const error = explainAccessFailure(httpError(401, 'TF400813'), jobToken, 'read agent pools') as Error;
    assert.match(error.message, /job access token is only valid for the organization that runs the pipeline/);
  });

  it('says what permission a 403 lacks', () => {
    const error = explainAccessFailure(httpError(403, 'Access denied.'), connection, 'read agent pools: give it the Reader role') as Error;
    assert.match(
      error.message,
      /^Service connection 'azureDevOpsServiceConnection' \(workload identity federation\) may not read agent pools: give it the Reader role \(HTTP 403/,
    );
  });

  it('leaves other errors alone', () => {
    const notFound = httpError(404, 'gone');
    assert.equal(explainAccessFailure(notFound, connection, 'x'), notFound);
    const plain = new Error('boom');
    assert.equal(explainAccessFailure(plain, connection, 'x'), plain);
  });
});
