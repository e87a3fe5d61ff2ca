// ESLint (flat config): typescript-eslint with type information for the promise rules, and the layer rules of
// docs/architecture.md as import restrictions, so an editor flags a back-edge as it is typed.
// test/unit/architecture/layers.test.ts holds the same rules over every import and is the one that decides.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FEATURES = ['inventory', 'scaling', 'audit', 'pats', 'merge'];
const ENTRIES = ['pipeline', 'cli'];

/** `import … from '../<folder>/…'` (one or two levels up) patterns for no-restricted-imports. */
const folderImports = (folders, message) => ({
  group: folders.flatMap((folder) => [`../${folder}`, `../${folder}/*`, `../../${folder}`, `../../${folder}/*`]),
  message,
});
const outsideTasks = {
  group: ['**/test/*', '**/emulator', '**/emulator/*', '../../../cli/*', '../../cli/*'],
  message: 'Code under tasks/ never imports test/, emulator/ or the top-level cli/ (see docs/architecture.md).',
};
const taskLib = {
  group: ['azure-pipelines-task-lib', 'azure-pipelines-task-lib/*'],
  message: 'Only tasks/common/pipeline/ talks to task-lib; core code uses the TaskHost interface.',
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const layer = (files, ...patterns) => ({ files, rules: restrict(outsideTasks, ...patterns) });

export default tseslint.config(
  { ignores: ['dist/', 'out/', '.cache/', '.bench/', 'node_modules/', 'bench-results/', 'pool-warden-reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Matching control characters on purpose is what report/escape.ts (and the tests of hostile names) exist for.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests and scripts read reports and REST answers as loose JSON; product code under tasks/ stays typed.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
      },
    },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },

  // ---- layers (the same rules as test/unit/architecture/layers.test.ts)
  layer(['tasks/**/*.ts'], taskLib),
  layer(['tasks/common/pipeline/**/*.ts']),
  layer(
    ['tasks/common/http/**/*.ts'],
    taskLib,
    folderImports(
      ['ado', 'arm', 'auth', 'identity', 'policy', 'report', 'patterns', 'rules', 'inputs', 'session', 'host', ...FEATURES, ...ENTRIES],
      'http/ is the bottom layer: it imports only model/.',
    ),
  ),
  layer(
    ['tasks/common/{ado,arm}/**/*.ts'],
    taskLib,
    folderImports([...FEATURES, ...ENTRIES, 'session', 'host'], 'REST area mapping (ado/, arm/) never imports a feature or an entry.'),
  ),
  ...FEATURES.map((feature) =>
    layer(
      [`tasks/common/${feature}/**/*.ts`],
      taskLib,
      folderImports(
        [...FEATURES.filter((other) => other !== feature), ...ENTRIES],
        'A feature never imports another feature (move the shared part below both) or an entry.',
      ),
    ),
  ),
  layer(
    ['tasks/common/{model,patterns,inputs,rules,policy,auth,identity}/**/*.ts', 'tasks/common/*.ts'],
    taskLib,
    folderImports([...FEATURES, ...ENTRIES], 'Shared modules sit below the features.'),
  ),
  layer(
    ['tasks/common/report/**/*.ts'],
    taskLib,
    folderImports(['http', ...FEATURES, ...ENTRIES], 'report/ never imports http/ or a feature.'),
  ),
);
