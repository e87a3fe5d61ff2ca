/** Counters a run keeps about its HTTP traffic (reported by benchmarks and in debug logs). */
export interface HttpStats {
  /** Every attempt sent, retries included. */
  requests: number;
  retries: number;
  throttled: number;
  failed: number;
  /** Attempts per normalised resource path, e.g. `GET _apis/distributedtask/pools/{id}/agents`. */
  byResource: Record<string, number>;
}

export function createStats(): HttpStats {
  return { requests: 0, retries: 0, throttled: 0, failed: 0, byResource: {} };
}

/** The one-line summary a task writes to its debug log at the end of a run. */
export function statsLine(stats: HttpStats): string {
  return `HTTP: ${stats.requests} requests, ${stats.retries} retries, ${stats.throttled} throttled`;
}

/** Turns a URL into a resource key: ids, GUIDs and descriptors become `{id}`. */
export function resourceKey(method: string, url: string): string {
  const path = new URL(url).pathname;
  const apis = path.indexOf('/_apis/');
  const tail = apis >= 0 ? path.slice(apis + 1) : path.replace(/^\//, '');
  const normalised = tail
    .split('/')
    .map((part) =>
      /^\d+$/.test(part) ||
      /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(part) ||
      /^(aad|msa|svc|vssgp|aadgp|aadsp|imp|acs|scp|ungrp)\./i.test(part) ||
      /^[0-9a-f-]{36}_\d+$/i.test(part)
        ? '{id}'
        : part,
    )
    .join('/');
  return `${method.toUpperCase()} ${normalised}`;
}
