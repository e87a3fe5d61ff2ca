import { adoError, json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import { projectNotFound, projectReference } from './shapes';

/** build/definitions/{id}: a pipeline with its repository and default branch (build 7.1, GA). */
function getDefinition(ctx: RouteContext): RouteResponse {
  const project = ctx.state.project(ctx.params.project);
  if (!project) return projectNotFound(ctx.params.project);
  const id = Number(ctx.params.definitionId);
  const definition = (ctx.state.org.buildDefinitions ?? []).find((d) => d.projectId === project.id && d.id === id);
  if (!definition) {
    return adoError(
      404,
      'DefinitionNotFoundException',
      `The requested build definition ${ctx.params.definitionId} could not be found.`,
      'Microsoft.TeamFoundation.Build.WebApi',
      'Microsoft.TeamFoundation.Build2.WebApi',
    );
  }
  const url = `${ctx.baseUrl}/${ctx.params.org}/${project.id}/_apis/build/Definitions/${definition.id}?revision=1`;
  const repo = definition.repository;
  return json(200, {
    process: { ...(definition.yamlFilename ? { yamlFilename: definition.yamlFilename } : {}), type: definition.processType },
    repository: {
      properties: {},
      id: repo.id,
      type: repo.type,
      name: repo.name,
      url:
        repo.type === 'TfsGit'
          ? `${ctx.baseUrl}/${ctx.params.org}/${encodeURIComponent(project.name)}/_git/${encodeURIComponent(repo.name)}`
          : `https://github.com/${repo.name}.git`,
      defaultBranch: repo.defaultBranch,
      clean: null,
      checkoutSubmodules: false,
    },
    _links: { self: { href: url } },
    quality: 'definition',
    queueStatus: 'enabled',
    id: definition.id,
    name: definition.name,
    url,
    uri: `vstfs:///Build/Definition/${definition.id}`,
    path: definition.path,
    type: 'build',
    revision: 1,
    project: projectReference(project),
  });
}

export function buildRoutes(): Route[] {
  return [
    {
      method: 'GET',
      service: 'ado',
      template: '/:org/:project/_apis/build/definitions/:definitionId',
      area: 'build',
      resource: 'definitions',
      grant: 'build:read',
      handler: getDefinition,
    },
  ];
}
