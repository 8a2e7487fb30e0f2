// `npm start`'s process as a user runs it: first-start banner, the printed pairing link works,
// SIGTERM closes cleanly (with a player connected), and a second start prints no password.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Socket } from 'socket.io-client';
import { freePort, tempDataDir } from '../helpers/controller.ts';
import { connect, nextEvent } from '../helpers/sockets.ts';
import { ROOT, startControllerProcess } from '../helpers/process.ts';

const dataDir = tempDataDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function start(port: number) {
  return startControllerProcess({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
}

describe('the controller process', () => {
  it('prints the first-start secrets once, pairs from the printed link, and shuts down cleanly', async () => {
    const port = await freePort();
    const first = await start(port);
    const text = first.output();
    expect(text).toMatch(/Password:\s+\S{20}/);
    expect(text).toContain(`http://127.0.0.1:${port}/docs`);
    const link = /http:\/\/127\.0\.0\.1:\d+\/player\/\?grant=\S+/.exec(text)![0];
    const grant = new URL(link).searchParams.get('grant')!;
    const redeemed = await fetch(`http://127.0.0.1:${port}/player-api/grants/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant }) });
    expect(redeemed.status).toBe(200);
    const { token } = (await redeemed.json()) as { token: string };
    const player: Socket = connect(`http://127.0.0.1:${port}`, '/player', { token });
    await nextEvent(player, 'manifest', 10_000);

    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    player.close();

    const second = await start(await freePort());
    expect(second.output()).not.toMatch(/Password/);
    second.child.kill('SIGTERM');
    expect(await second.exited, second.output()).toBe(0);
  }, 90_000);

  it('refuses a bad setting at start, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'controller/server.ts'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: 'tám nghìn' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('PORT="tám nghìn"');
  });
});
