// One lint configuration for the whole tree. The rules that matter most here are architectural:
// the engine never imports electron, and only the contract's two transports touch raw IPC.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.tmp/**',
      'runs/**',
      'out/**',
      'coverage/**',
      '.device-kit/**',
      'test-results/**',
      '**/*.wasm',
      'src-main/engine/kernels/build/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[object.name=/^ipc(Main|Renderer)$/]',
          message: 'Use the typed IPC contract (src-shared/contract) instead of raw ipcMain/ipcRenderer.',
        },
      ],
    },
  },
  // Folder boundaries (docs/architecture.md "Folders"): data flows one way, file → data → engine → fit → run →
  // jobs/session → transports, and shared and figure code run in any process, so they import no Node built-ins.
  ...boundaries([
    ['src-main/engine/**', ['data', 'fit', 'run', 'jobs', 'session', 'server', 'electron', 'cli', 'export', 'import', 'scoring']],
    ['src-main/data/**', ['fit', 'run', 'jobs', 'session', 'server', 'electron', 'cli', 'export', 'import']],
    ['src-main/fit/**', ['jobs', 'session', 'server', 'electron', 'cli']],
    ['src-main/sweep/**', ['jobs', 'session', 'server', 'electron', 'cli']],
    ['src-main/run/**', ['fit', 'jobs', 'session', 'server', 'electron', 'cli']],
    ['src-main/scoring/**', ['jobs', 'session', 'server', 'electron', 'cli']],
    // In-silico perturbation: a run folder's trained model integrated; the export and the app's worker call it.
    ['src-main/perturb/**', ['fit', 'jobs', 'session', 'server', 'electron', 'cli', 'export']],
    ['src-main/import/**', ['jobs', 'session', 'server', 'electron', 'cli']],
    ['src-main/export/**', ['jobs', 'session', 'server', 'electron', 'cli']],
    ['src-main/jobs/**', ['session', 'server', 'electron', 'cli']],
    ['src-main/session/**', ['server', 'electron', 'cli']],
    // `pathreg serve` starts the browser shell: the command line may start the server and its session.
    ['src-main/cli/**', ['electron', 'jobs']],
    ['src-main/server/**', ['electron', 'cli']],
    // The app:// protocol serves the built renderer with the browser shell's static-file rules.
    ['src-main/electron/**', ['cli']],
    ['src-main/files/**', ['data', 'engine', 'fit', 'run', 'jobs', 'session', 'server', 'electron', 'cli', 'export', 'import', 'scoring']],
  ]),
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/src-main/**'], message: 'The renderer talks to src-main only through the contract (src-shared/contract).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads'],
              message: 'Shared and figure code runs in the renderer too: no Node built-ins.',
            },
            { group: ['react', 'react-dom', 'react/*'], message: 'Figures are pure functions: no React in src-shared.' },
            { group: ['**/src-main/**', '**/src-renderer/**'], message: 'src-shared imports nothing from the processes.' },
          ],
        },
      ],
    },
  },
  {
    // The two transports are the only places allowed to touch raw IPC.
    files: ['src-main/electron/ipc-transport.ts', 'src-main/electron/preload.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);

/** One lint block per folder: `from` may not import any of the src-main folders in `forbidden` (nor electron). */
function boundaries(zones) {
  return zones.map(([from, forbidden]) => ({
    files: [from],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: from === 'src-main/electron/**' ? [] : [{ name: 'electron', message: 'Only src-main/electron imports electron.' }],
          patterns: [
            {
              group: forbidden
                .map((folder) => `**/src-main/${folder}/**`)
                .concat(
                  forbidden.map((folder) => `../${folder}/**`),
                  forbidden.map((folder) => `../../${folder}/**`),
                ),
              message: `${from.replace('/**', '')} may not import ${forbidden.join(', ')} (docs/architecture.md "Folders").`,
            },
            { group: ['**/src-renderer/**'], message: 'src-main never imports the renderer: shared code lives in src-shared.' },
          ],
        },
      ],
    },
  }));
}
