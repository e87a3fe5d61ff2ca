/**
 * Organization policies through the settings page's data provider (`_settings/organizationPolicy?__rt=fps&__ver=2`),
 * an undocumented UI route: without `__rt=fps` it is the HTML page. Policies are grouped by category, each item
 * `{policy:{name,value,effectiveValue,isValueUndefined,parentPolicy,properties}, learnMoreLink, description}`.
 * Reading needs `orgpolicy:read` (403 otherwise).
 */
import { json, type RouteContext, type RouteResponse } from '../http';
import type { Route } from '../router';
import type { SeedOrgPolicy } from '../seed';

const PROVIDER = 'ms.vss-admin-web.organization-policies-data-provider';
const CATEGORIES: SeedOrgPolicy['category'][] = ['applicationConnection', 'security', 'user', 'privacy'];

function item(policy: SeedOrgPolicy): Record<string, unknown> {
  const effectiveValue = policy.effectiveValue ?? policy.value;
  return {
    policy: {
      name: policy.name,
      value: policy.value,
      effectiveValue,
      ...(policy.properties ? { properties: policy.properties } : {}),
      parentPolicy: { name: policy.name, value: effectiveValue, effectiveValue, isValueUndefined: true },
    },
    learnMoreLink: 'https://aka.ms/vstspolicy',
    description: policy.description,
    applicableServiceHost: 1,
  };
}

function settingsPage(ctx: RouteContext): RouteResponse {
  if (ctx.query.__rt?.toLowerCase() !== 'fps') {
    return {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: '<!DOCTYPE html><html><head><title>Policies - Organization Settings</title></head><body></body></html>',
    };
  }
  const policies = ctx.state.org.organizationPolicies ?? [];
  const grouped = Object.fromEntries(CATEGORIES.map((category) => [category, policies.filter((p) => p.category === category).map(item)]));
  return json(200, { fps: { dataProviders: { data: { [PROVIDER]: { policies: grouped } } } } });
}

export function orgPolicyRoutes(): Route[] {
  return [
    {
      method: 'GET',
      service: 'ado',
      template: '/:org/_settings/organizationPolicy',
      area: 'OrganizationPolicy',
      resource: 'settings',
      grant: 'orgpolicy:read',
      // A web page's data provider, not an _apis route: no api-version.
      apiVersion: 'none',
      handler: settingsPage,
    },
  ];
}
