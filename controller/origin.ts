// Whether a browser says a request (or a socket's handshake) was made by a page of another origin
// than the controller's: its Origin names another host, or Sec-Fetch-Site says cross-site. Clients
// that are not browsers send neither, and are not concerned (they cannot ride someone's cookie).
export function crossSite(headers: Record<string, string | string[] | undefined>): boolean {
  const host = headers.host;
  const origin = headers.origin;
  const site = headers['sec-fetch-site'];
  if (origin === 'null') return true;
  if (typeof origin === 'string') {
    try {
      if (new URL(origin).host !== host) return true;
    } catch {
      return true;
    }
  }
  return typeof site === 'string' && site !== 'same-origin' && site !== 'none';
}
