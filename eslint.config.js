// Lint rules: typescript-eslint's recommended set, typed promise checks on the Node side, plus the layering rules of ARCHITECTURE.md
// (playlists/ stays pure; the store never reaches up into services or routes; nothing above the
// services reaches down into the store).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['node_modules/', 'player/dist/', 'web/dist/', 'data/', 'coverage/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The store is asynchronous: a store or service call not awaited runs out of order, outside
    // its transaction, or fails unseen. These typed rules catch it.
    files: ['controller/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['player/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/controller/**', '**/player/**'], message: 'The web app imports only playlists/ and its own files.' }],
      }],
    },
  },
  {
    files: ['playlists/**/*.ts'],
    ignores: ['playlists/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/controller/**', '**/player/**'], message: 'playlists/ is shared and pure: it never imports the controller or the player.' },
          { group: ['node:*', 'fs', 'path', 'net', 'http', 'https', 'better-sqlite3', 'sharp', '@napi-rs/canvas', 'fastify', 'socket.io'], message: 'playlists/ does no I/O.' },
        ],
      }],
    },
  },
  {
    // One door: routes, socket handlers, jobs and the command line call services, never the store.
    files: ['controller/routes/**/*.ts', 'controller/realtime/**/*.ts', 'controller/jobs/**/*.ts', 'controller/cli.ts', 'controller/server.ts', 'controller/app.ts', 'controller/metrics.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/store/*', '**/store/**'], allowTypeImports: true, message: 'Routes, realtime, jobs and the CLI call services (services/door.ts passes every change: permission, audit, event), never the store.' }],
      }],
    },
  },
  {
    files: ['controller/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['../services/*', '../routes/*', '../realtime/*', '../jobs/*'], message: 'The store is the bottom layer: it never imports services, routes, realtime or jobs.' }],
      }],
    },
  },
);
