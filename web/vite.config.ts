// The staff web app: React + Mantine, built into web/dist and served by the controller at /.
// Each page is its own chunk (loaded when opened); the first screen loads only what it needs.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { API } from '../playlists/api/index.ts';

/**
 * The API client needs, at run time, only each endpoint's method and path (its types come from
 * the contract's zod schemas at compile time). This module is that table, made from the contract
 * when the app is built, so the first screen does not carry zod and every schema.
 */
function apiRoutes(): Plugin {
  const id = 'virtual:ledgate-api';
  return {
    name: 'ledgate-api-routes',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load: (resolved) => {
      if (resolved !== `\0${id}`) return null;
      const table = Object.fromEntries(
        Object.entries(API).map(([name, e]) => [name, { method: e.method, path: e.path, response: e.response ? {} : null, ...(e.rawBody ? { rawBody: true } : {}), ...(e.produces ? { produces: e.produces } : {}) }]),
      );
      return `export const API = ${JSON.stringify(table)};`;
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), apiRoutes()],
  resolve: { alias: { '@playlists': path.resolve(import.meta.dirname, '../playlists') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/auth': 'http://localhost:8080', '/media': 'http://localhost:8080', '/socket.io': { target: 'http://localhost:8080', ws: true } } },
});
