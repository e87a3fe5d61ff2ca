import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../packaging/manifests';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const text = fs.readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((match) => slug(match[1])));
}

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

describe('links in README.md, overview.md and docs/', () => {
  const files = [path.join(REPO_ROOT, 'README.md'), path.join(REPO_ROOT, 'overview.md'), ...markdownFiles(path.join(REPO_ROOT, 'docs'))];
  for (const file of files) {
    it(`${path.relative(REPO_ROOT, file)}: relative links and anchors resolve`, () => {
      const text = fs.readFileSync(file, 'utf8').replace(/^```[\s\S]*?^```/gm, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target)) continue;
        const [relative, anchor] = target.split('#');
        const resolved = relative ? path.resolve(path.dirname(file), relative) : file;
        assert.ok(fs.existsSync(resolved), `${target}: ${path.relative(REPO_ROOT, resolved)} does not exist`);
        if (anchor && resolved.endsWith('.md'))
          assert.ok(anchorsOf(resolved).has(anchor), `${target}: no heading #${anchor} in ${path.relative(REPO_ROOT, resolved)}`);
      }
    });
  }

  it('makes anchors the way GitHub does', () => {
    assert.equal(
      slug('PoolRoleAudit and PatAudit: `pool-role-audit.*`, `pat-audit.*`'),
      'poolroleaudit-and-pataudit-pool-role-audit-pat-audit',
    );
    assert.equal(slug('Standby agents up in the morning, down at night'), 'standby-agents-up-in-the-morning-down-at-night');
  });
});
