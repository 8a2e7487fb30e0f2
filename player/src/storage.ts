// What the player keeps across reloads: its device token and the last manifest it received.
// localStorage can throw (private mode, quota); the player then simply keeps things in memory.
import type { Manifest } from '../../playlists/manifest.ts';

const TOKEN_KEY = 'ledgate.deviceToken';
const MANIFEST_KEY = 'ledgate.manifest';

function get(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}
function set(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Keep running from memory.
  }
}

export const storage = {
  token: () => get(TOKEN_KEY),
  setToken: (token: string | null) => set(TOKEN_KEY, token),
  manifest(): Manifest | null {
    const raw = get(MANIFEST_KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as Manifest;
    } catch {
      return null;
    }
  },
  setManifest: (m: Manifest | null) => set(MANIFEST_KEY, m ? JSON.stringify(m) : null),
};
