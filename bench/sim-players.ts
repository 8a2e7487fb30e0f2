// Simulated players for bench/publish.ts, in their own process: one socket.io client per board
// token, acknowledging each manifest like the real player (delivered on arrival; ready once its
// images are cached — fetched once per process, as a warm player box would have them).
import fs from 'node:fs';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type { Manifest } from '../playlists/manifest.ts';

const [url, tokensFile] = process.argv.slice(2) as [string, string];
const tokens = JSON.parse(fs.readFileSync(tokensFile, 'utf8')) as string[];
const cached = new Set<string>();
const sockets: Socket[] = [];
let firstManifests = 0;

async function cache(m: Manifest): Promise<void> {
  const urls = new Set<string>();
  for (const s of m.segments) if (s.kind === 'play') s.items.forEach((i) => i.type !== 'clock' && urls.add(i.url));
  for (const u of urls) {
    if (cached.has(u)) continue;
    cached.add(u);
    const res = await fetch(`${url}${u}`);
    await res.arrayBuffer();
  }
}

async function connectAll(): Promise<void> {
  const BATCH = 250;
  for (let i = 0; i < tokens.length; i += BATCH) {
    await Promise.all(
      tokens.slice(i, i + BATCH).map(
        (token) =>
          new Promise<void>((resolve) => {
            const s = io(`${url}/player`, { auth: { token }, transports: ['websocket'], reconnectionDelay: 200 + Math.random() * 800 });
            let first = true;
            s.on('manifest', (m: Manifest) => {
              s.emit('ack', { version: m.version, state: 'delivered' });
              void cache(m).then(() => {
                s.emit('ack', { version: m.version, state: 'ready' });
                if (first) {
                  first = false;
                  firstManifests++;
                  resolve();
                }
              });
            });
            sockets.push(s);
          }),
      ),
    );
  }
}

process.on('message', (msg: string) => {
  if (msg === 'close') {
    sockets.forEach((s) => s.close());
    process.exit(0);
  }
});

await connectAll();
process.send!({ connected: firstManifests });
