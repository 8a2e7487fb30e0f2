// Modules made by the build (web/vite.config.ts).
declare module 'virtual:ledgate-api' {
  export const API: Record<string, { method: string; path: string; response: object | null; rawBody?: boolean; produces?: string }>;
}
