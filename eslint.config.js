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
  {
    // The compute engine must run in workers, the CLI and tests: no Electron there.
    files: ['src-main/engine/**', 'src-main/data/**', 'src-main/cli/**', 'src-shared/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The engine and data code never import electron.' }] }],
    },
  },
  {
    // The two transports are the only places allowed to touch raw IPC.
    files: ['src-main/electron/ipc-transport.ts', 'src-main/electron/preload.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
