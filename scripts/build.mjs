#!/usr/bin/env node
/**
 * `npm run build`: type-checks the repository and bundles every task that has an entry point.
 *
 *   tasks/<Name>V1/index.ts  ──esbuild──►  dist/tasks/<Name>V1/index.js   (one CommonJS file, node20)
 *   tasks/<Name>V1/task.json, icon.png  ──copy──►  dist/tasks/<Name>V1/
 *   licences of the bundled packages    ──►        dist/tasks/<Name>V1/THIRD-PARTY-NOTICES.txt
 *
 *   cli/pool-warden.ts      ──esbuild──►  dist/cli/pool-warden.js          (the local CLI, package.json "bin"; embeds the emulator)
 *
 *   tab/src/index.tsx        ──esbuild──►  dist/tab/pool-warden-tab.{html,js,css}  (the run's "Pool Warden" tab: one static
 *                                           page, React + azure-devops-ui + the extension SDK, minified, no CDN)
 *
 * Task folders without an index.ts are skipped (and listed as such); `npm run package` is the step that insists on
 * an entry point for every task. The type check and the bundling run at the same time, and the type check
 * is incremental (.cache/), because this runs before every `npm test`.
 *
 * Flags: --skip-typecheck (bundle only), --sourcemap (write linked .map files next to the bundles; never packaged).
 * Writes dist/build-report.json (sizes and bundled packages per task), which the packaging tests read.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TASKS_DIR = path.join(REPO_ROOT, 'tasks');
export const DIST_TASKS_DIR = path.join(REPO_ROOT, 'dist', 'tasks');
export const BUILD_REPORT = path.join(REPO_ROOT, 'dist', 'build-report.json');
export const CLI_ENTRY = path.join(REPO_ROOT, 'cli', 'pool-warden.ts');
export const CLI_BUNDLE = path.join(REPO_ROOT, 'dist', 'cli', 'pool-warden.js');
export const TAB_ENTRY = path.join(REPO_ROOT, 'tab', 'src', 'index.tsx');
export const TAB_PAGE = path.join(REPO_ROOT, 'tab', 'pool-warden-tab.html');
export const DIST_TAB_DIR = path.join(REPO_ROOT, 'dist', 'tab');

/** Files copied from the task folder next to the bundle. */
const TASK_ASSETS = ['task.json', 'icon.png'];
/** Packages that must appear at most once per bundle: two copies would keep two sets of task-lib globals (proxy, vault, results). */
const SINGLE_COPY_PACKAGES = ['azure-pipelines-task-lib', 'azure-devops-node-api'];

/**
 * Task folders (those holding a task.json) and whether each has an entry point.
 * @returns folder name, absolute folder path and entry path (undefined when index.ts is missing), sorted by folder.
 */
export function discoverTasks() {
  return fs
    .readdirSync(TASKS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(TASKS_DIR, entry.name, 'task.json')))
    .map((entry) => {
      const dir = path.join(TASKS_DIR, entry.name);
      const entryPoint = path.join(dir, 'index.ts');
      return { folder: entry.name, dir, entryPoint: fs.existsSync(entryPoint) ? entryPoint : undefined };
    })
    .sort((a, b) => a.folder.localeCompare(b.folder));
}

/** Runs `tsc --noEmit` (incremental) on the repository and on the tab (its own DOM + JSX settings), one after the other. */
async function typecheck() {
  const main = await typecheckProject('tsconfig.json', 'tsc.tsbuildinfo');
  if (main.code !== 0) return main;
  return typecheckProject(path.join('tab', 'tsconfig.json'), 'tsc-tab.tsbuildinfo');
}

/** Runs `tsc --noEmit` (incremental) on one project and resolves with its exit code and output. */
function typecheckProject(project, buildInfo) {
  const tsc = require.resolve('typescript/bin/tsc');
  const args = [
    tsc,
    '-p',
    project,
    '--noEmit',
    '--incremental',
    '--tsBuildInfoFile',
    path.join('.cache', buildInfo),
    '--pretty',
    String(Boolean(process.stdout.isTTY)),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The package directory an input path belongs to (`node_modules/@scope/name` or `node_modules/name`), else undefined. */
export function packageDirOf(inputPath) {
  const normalized = inputPath.split(path.sep).join('/');
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(normalized);
  return match ? match[1] : undefined;
}

/** `node_modules/...` part of a package folder, for reports (the shared install may sit behind a symlink). */
function displayDir(dir) {
  const normalized = dir.split(path.sep).join('/');
  const at = normalized.indexOf('node_modules/');
  return at >= 0 ? normalized.slice(at) : normalized;
}

/** Name, version, licence and licence text of every package that went into one bundle. */
function bundledPackages(inputs) {
  const dirs = new Set();
  for (const input of Object.keys(inputs)) {
    const dir = packageDirOf(input);
    if (dir) dirs.add(dir);
  }
  return [...dirs].sort().map((dir) => {
    const absolute = path.resolve(REPO_ROOT, dir);
    const manifest = JSON.parse(fs.readFileSync(path.join(absolute, 'package.json'), 'utf8'));
    return { name: manifest.name, version: manifest.version, license: manifest.license ?? 'UNKNOWN', dir: absolute };
  });
}

function licenceText(dir) {
  const file = fs.readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
  return file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
}

function writeNotices(target, packages, bundle = 'index.js') {
  const sections = packages.map((pkg) => {
    const text = licenceText(pkg.dir) ?? `Licence: ${pkg.license} (no licence file in the package).`;
    return `${pkg.name} ${pkg.version} (${pkg.license})\n${'-'.repeat(72)}\n${text}\n`;
  });
  const header = `Pool Warden bundles the following third-party packages into ${bundle}.\n\n`;
  fs.writeFileSync(target, header + sections.join('\n'), 'utf8');
}

/** One output file of an esbuild result (metafile key, size) and the packages bundled into it. */
function outputOf(result, file) {
  const key = path.relative(REPO_ROOT, file).split(path.sep).join('/');
  const output = result.metafile.outputs[key];
  if (!output) throw new Error(`esbuild produced no ${key}`);
  return { key, output, packages: bundledPackages(output.inputs) };
}

/** Bundled packages as dist/build-report.json lists them. */
function packageSummary(packages) {
  return packages.map(({ name, version, dir }) => ({ name, version, dir: displayDir(dir) }));
}

/** Fails when a package that must be unique appears from two folders in the same bundle. */
function assertSingleCopies(folder, packages) {
  for (const name of SINGLE_COPY_PACKAGES) {
    const copies = packages.filter((pkg) => pkg.name === name);
    if (copies.length > 1) {
      throw new Error(
        `${folder}: ${copies.length} copies of ${name} are bundled (${copies.map((c) => `${displayDir(c.dir)}@${c.version}`).join(', ')}); dedupe node_modules`,
      );
    }
  }
}

/**
 * Bundles every task with an entry point into dist/tasks/<folder>/ and copies its assets.
 * @param options.sourcemap write linked source maps next to the bundles
 * @returns one entry per bundled task: folder, bundle size in bytes, bundled packages
 */
export async function bundleTasks({ sourcemap = false } = {}) {
  const tasks = discoverTasks();
  fs.rmSync(DIST_TASKS_DIR, { recursive: true, force: true });
  const buildable = tasks.filter((task) => task.entryPoint);
  const results = [];
  if (buildable.length > 0) {
    const result = await esbuild.build({
      absWorkingDir: REPO_ROOT,
      entryPoints: Object.fromEntries(buildable.map((task) => [`${task.folder}/index`, task.entryPoint])),
      outdir: DIST_TASKS_DIR,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: false,
      sourcemap: sourcemap ? 'linked' : false,
      // Licence comments stay in the one shipped file; full licence texts go to THIRD-PARTY-NOTICES.txt.
      legalComments: 'eof',
      metafile: true,
      logLevel: 'warning',
    });
    for (const task of buildable) {
      const { output, packages } = outputOf(result, path.join(DIST_TASKS_DIR, task.folder, 'index.js'));
      assertSingleCopies(task.folder, packages);
      writeNotices(path.join(DIST_TASKS_DIR, task.folder, 'THIRD-PARTY-NOTICES.txt'), packages);
      results.push({ folder: task.folder, bytes: output.bytes, packages: packageSummary(packages) });
    }
  }
  for (const task of buildable) {
    for (const asset of TASK_ASSETS) {
      const source = path.join(task.dir, asset);
      if (!fs.existsSync(source)) throw new Error(`${task.folder}: ${asset} is missing`);
      fs.copyFileSync(source, path.join(DIST_TASKS_DIR, task.folder, asset));
    }
  }
  const skipped = tasks.filter((task) => !task.entryPoint).map((task) => task.folder);
  const [cli, tab] = await Promise.all([bundleCli({ sourcemap }), bundleTab({ sourcemap })]);
  fs.mkdirSync(path.dirname(BUILD_REPORT), { recursive: true });
  fs.writeFileSync(BUILD_REPORT, `${JSON.stringify({ tasks: results, skipped, cli, tab }, null, 2)}\n`, 'utf8');
  return { tasks: results, skipped, cli, tab };
}

/**
 * Bundles the local CLI into one executable file. It carries the emulator (emulator/) so that a clone can run
 * `npx pool-warden role-audit` against the sample organization after `npm ci && npm run build`.
 */
export async function bundleCli({ sourcemap = false } = {}) {
  fs.rmSync(path.dirname(CLI_BUNDLE), { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [CLI_ENTRY],
    outfile: CLI_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: sourcemap ? 'linked' : false,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  });
  const { key, output, packages } = outputOf(result, CLI_BUNDLE);
  fs.chmodSync(CLI_BUNDLE, 0o755);
  writeNotices(path.join(path.dirname(CLI_BUNDLE), 'THIRD-PARTY-NOTICES.txt'), packages);
  return { file: key, bytes: output.bytes, packages: packageSummary(packages) };
}

/**
 * azure-devops-ui's icon stylesheet names two 0.6 MB Fluent icon fonts the tab never shows; they become empty data
 * URLs so the VSIX does not carry them. The MDL2 icon font (search, chevrons) is kept as a file.
 */
const emptyFluentFonts = {
  name: 'empty-fluent-fonts',
  setup(build) {
    build.onResolve({ filter: /fluent-[\w.-]+\.woff2$/ }, (args) => ({ path: args.path, namespace: 'empty-font' }));
    build.onLoad({ filter: /.*/, namespace: 'empty-font' }, () => ({ contents: '', loader: 'dataurl' }));
  },
};

/**
 * Bundles the run's tab into dist/tab/: the static page, one minified script and one stylesheet (plus the icon font),
 * and the licences of what went into them.
 * @returns the page's files and sizes (bytes), and the bundled packages
 */
export async function bundleTab({ sourcemap = false } = {}) {
  fs.rmSync(DIST_TAB_DIR, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { 'pool-warden-tab': TAB_ENTRY },
    outdir: DIST_TAB_DIR,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome100', 'edge100', 'firefox100', 'safari15'],
    minify: true,
    sourcemap: sourcemap ? 'linked' : false,
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'file', '.woff2': 'file' },
    assetNames: '[name]-[hash]',
    plugins: [emptyFluentFonts],
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  fs.copyFileSync(TAB_PAGE, path.join(DIST_TAB_DIR, path.basename(TAB_PAGE)));
  const inputs = {};
  for (const output of Object.values(result.metafile.outputs)) Object.assign(inputs, output.inputs);
  const packages = bundledPackages(inputs);
  writeNotices(path.join(DIST_TAB_DIR, 'THIRD-PARTY-NOTICES.txt'), packages, 'pool-warden-tab.js and pool-warden-tab.css');
  const files = fs
    .readdirSync(DIST_TAB_DIR)
    .filter((name) => !name.endsWith('.map'))
    .sort()
    .map((name) => ({ file: `dist/tab/${name}`, bytes: fs.statSync(path.join(DIST_TAB_DIR, name)).size }));
  const pageBytes = files.filter((f) => !f.file.endsWith('.txt')).reduce((sum, f) => sum + f.bytes, 0);
  return { files, pageBytes, packages: packageSummary(packages) };
}

function formatBytes(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

/**
 * The whole build: type check and bundling in parallel; throws when either fails.
 * @param options.typecheck run tsc (default true)
 * @param options.sourcemap write source maps
 */
export async function build({ typecheck: check = true, sourcemap = false } = {}) {
  const started = Date.now();
  const [typeResult, bundles] = await Promise.all([check ? typecheck() : Promise.resolve(undefined), bundleTasks({ sourcemap })]);
  if (typeResult && typeResult.code !== 0) {
    process.stdout.write(typeResult.output);
    throw new Error('Type check failed (tsc -p tsconfig.json --noEmit)');
  }
  for (const task of bundles.tasks) {
    console.log(
      `  ${`dist/tasks/${task.folder}/index.js`.padEnd(44)} ${formatBytes(task.bytes).padStart(10)}  ${task.packages.length} packages`,
    );
  }
  for (const folder of bundles.skipped) console.log(`  ${folder}: no index.ts yet, skipped`);
  console.log(`  ${bundles.cli.file.padEnd(44)} ${formatBytes(bundles.cli.bytes).padStart(10)}  ${bundles.cli.packages.length} packages`);
  console.log(
    `  ${'dist/tab/ (the run tab page)'.padEnd(44)} ${formatBytes(bundles.tab.pageBytes).padStart(10)}  ${bundles.tab.packages.length} packages`,
  );
  console.log(
    `build: ${bundles.tasks.length} task(s) bundled${check ? ', types ok' : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return bundles;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  build({ typecheck: !args.has('--skip-typecheck'), sourcemap: args.has('--sourcemap') }).catch((error) => {
    console.error(`build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
