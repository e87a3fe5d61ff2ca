#!/usr/bin/env node
/**
 * `npm run package`: builds, stages a clean tree and packs it into out/<publisher>.<id>-<version>.vsix with tfx.
 *
 *   dist/vsix-staging/
 *     vss-extension.json, overview.md, images/extension-icon.png   (only what the manifest references)
 *     tasks/<Name>V1/{task.json, icon.png, index.js}
 *     THIRD-PARTY-NOTICES.txt   (the licences of every bundled package, once for all tasks)
 *
 * tfx packs every file under a `files` folder, node_modules included, so it is pointed at this staging tree and
 * never at the repository. Every task contribution of the manifest must have a bundle: a missing one fails
 * the script with the task's name. tfx only *warns* about invalid task.json files; here any warning fails.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, DIST_TASKS_DIR, REPO_ROOT } from './build.mjs';

const require = createRequire(import.meta.url);

const MANIFEST = 'vss-extension.json';
const STAGING_DIR = path.join(REPO_ROOT, 'dist', 'vsix-staging');
const OUTPUT_DIR = path.join(REPO_ROOT, 'out');
/** The only files of a built task folder that go into the VSIX. */
export const TASK_PAYLOAD = ['task.json', 'icon.png', 'index.js'];
/** Written by the build next to each bundle; merged into one file at the root of the VSIX. */
const NOTICES = 'THIRD-PARTY-NOTICES.txt';
const TASK_CONTRIBUTION = 'ms.vss-distributed-task.task';

/** Task folders (`tasks/<Name>V1`) named by the manifest's task contributions. */
export function taskFoldersOf(manifest) {
  return (manifest.contributions ?? [])
    .filter((contribution) => contribution.type === TASK_CONTRIBUTION)
    .map((contribution) => contribution.properties?.name)
    .filter((name) => typeof name === 'string');
}

/** Non-task files the manifest references (icons, overview, screenshots, addressable files). */
export function assetPathsOf(manifest, taskFolders) {
  const paths = new Set();
  for (const icon of Object.values(manifest.icons ?? {})) paths.add(icon);
  for (const item of Object.values(manifest.content ?? {})) if (item?.path) paths.add(item.path);
  for (const screenshot of manifest.screenshots ?? []) if (screenshot?.path) paths.add(screenshot.path);
  for (const file of manifest.files ?? []) if (!taskFolders.includes(file.path)) paths.add(file.path);
  return [...paths];
}

function copyInto(relativePath) {
  const source = path.join(REPO_ROOT, relativePath);
  if (!fs.existsSync(source)) throw new Error(`${MANIFEST} references ${relativePath}, which does not exist`);
  const target = path.join(STAGING_DIR, relativePath);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.cpSync(source, target, { recursive: true });
}

/** Builds the staging tree; throws naming every task whose bundle is missing. */
function stage(manifest) {
  const taskFolders = taskFoldersOf(manifest);
  if (taskFolders.length === 0) throw new Error(`${MANIFEST} declares no ${TASK_CONTRIBUTION} contribution`);
  const missing = taskFolders.filter((folder) => !fs.existsSync(path.join(DIST_TASKS_DIR, path.basename(folder), 'index.js')));
  if (missing.length > 0) {
    throw new Error(
      `cannot package: no bundle for ${missing.map((folder) => `${folder} (${folder}/index.ts missing?)`).join(', ')}. ` +
        `Every task in ${MANIFEST} needs its entry point.`,
    );
  }
  fs.rmSync(STAGING_DIR, { recursive: true, force: true });
  fs.mkdirSync(STAGING_DIR, { recursive: true });
  copyInto(MANIFEST);
  for (const asset of assetPathsOf(manifest, taskFolders)) copyInto(asset);
  for (const folder of taskFolders) {
    const target = path.join(STAGING_DIR, folder);
    fs.mkdirSync(target, { recursive: true });
    for (const file of TASK_PAYLOAD) {
      const source = path.join(DIST_TASKS_DIR, path.basename(folder), file);
      if (!fs.existsSync(source)) throw new Error(`${folder}: built ${file} is missing from ${path.dirname(source)}`);
      fs.copyFileSync(source, path.join(target, file));
    }
  }
  stageNotices(manifest, taskFolders);
}

/**
 * One licence file for the whole extension: the union of the tasks' notices (each package once), listed in the
 * staged manifest so tfx packs it.
 */
function stageNotices(manifest, taskFolders) {
  const sections = new Map();
  for (const folder of taskFolders) {
    const file = path.join(DIST_TASKS_DIR, path.basename(folder), NOTICES);
    if (!fs.existsSync(file)) throw new Error(`${folder}: built ${NOTICES} is missing from ${path.dirname(file)}`);
    // A section starts with "<name> <version> (<licence>)" over a rule of dashes.
    for (const section of fs
      .readFileSync(file, 'utf8')
      .split(/\n(?=\S[^\n]* \([^\n]*\)\n-{72}\n)/)
      .slice(1)) {
      sections.set(section.split('\n', 1)[0], section.trimEnd());
    }
  }
  const header = 'Pool Warden bundles the following third-party packages into its tasks (tasks/*/index.js).\n\n';
  const body = [...sections.keys()]
    .sort()
    .map((key) => sections.get(key))
    .join('\n\n');
  fs.writeFileSync(path.join(STAGING_DIR, NOTICES), `${header}${body}\n`, 'utf8');
  const staged = { ...manifest, files: [...(manifest.files ?? []), { path: NOTICES }] };
  fs.writeFileSync(path.join(STAGING_DIR, MANIFEST), `${JSON.stringify(staged, null, 2)}\n`, 'utf8');
}

/** Runs tfx and returns its combined output; throws on a non-zero exit. */
function runTfx(args) {
  const tfx = path.join(path.dirname(require.resolve('tfx-cli/package.json')), '_build', 'tfx-cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tfx, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`tfx exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Names of the entries of a zip file, read from its central directory (a VSIX is a zip).
 * @param buffer the whole zip file
 */
export function zipEntryNames(buffer) {
  const eocdSignature = 0x06054b50;
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === eocdSignature) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('Not a zip file: no end of central directory record');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(offset) !== 0x02014b50) throw new Error(`Corrupt zip central directory at entry ${i}`);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Build, stage, pack. Resolves with the VSIX path, its size and the names of the files in it (folders left out).
 * @param options.rebuild build first (default true); `npm test` passes false: it has just built, and a rebuild would
 *   delete the bundles that tests in other mocha workers are running
 */
export async function packageExtension({ rebuild = true } = {}) {
  if (rebuild) await build();
  else if (!fs.existsSync(DIST_TASKS_DIR)) throw new Error(`${DIST_TASKS_DIR} is missing: run 'npm run build' first`);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, MANIFEST), 'utf8'));
  stage(manifest);
  const vsix = path.join(OUTPUT_DIR, `${manifest.publisher}.${manifest.id}-${manifest.version}.vsix`);
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  fs.rmSync(vsix, { force: true });
  const output = await runTfx([
    'extension',
    'create',
    '--root',
    STAGING_DIR,
    '--manifest-globs',
    MANIFEST,
    '--output-path',
    vsix,
    '--no-prompt',
  ]);
  const warnings = output.split(/\r?\n/).filter((line) => /warn/i.test(line));
  if (warnings.length > 0) {
    fs.rmSync(vsix, { force: true });
    throw new Error(`tfx reported warnings (task.json or manifest problems):\n${warnings.join('\n')}\n\nFull output:\n${output}`);
  }
  if (!fs.existsSync(vsix)) throw new Error(`tfx finished but ${vsix} was not written. Output:\n${output}`);
  const entries = zipEntryNames(fs.readFileSync(vsix))
    .filter((name) => !name.endsWith('/'))
    .sort();
  const bytes = fs.statSync(vsix).size;
  // Marketplace users download it on every agent that runs a task: keep the budget the benchmarks promise.
  if (bytes > VSIX_BUDGET_BYTES)
    throw new Error(`${vsix} is ${(bytes / 1024 / 1024).toFixed(2)} MB, over the ${VSIX_BUDGET_BYTES / 1024 / 1024} MB budget`);
  return { vsix, bytes, entries };
}

/** The largest VSIX we ship. */
export const VSIX_BUDGET_BYTES = 3 * 1024 * 1024;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  packageExtension()
    .then(({ vsix, bytes, entries }) => {
      console.log(`package: ${path.relative(REPO_ROOT, vsix)}  ${(bytes / 1024 / 1024).toFixed(2)} MB, ${entries.length} files`);
      for (const entry of entries) console.log(`  ${entry}`);
    })
    .catch((error) => {
      console.error(`package failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    });
}
