// /pairing: an unpaired player waits here. It is shown a code (renewed before it expires) and
// receives its device token the moment an admin approves that code — through any controller
// process: the socket waits in a room named after its code, and the process that approved it
// emits to that room (across processes through the Redis adapter).
import type { FastifyBaseLogger } from 'fastify';
import type { Server, Socket } from 'socket.io';
import { PAIRING_NAMESPACE } from '../../playlists/protocol.ts';
import type { PairingApproved, PairingClientToServerEvents, PairingServerToClientEvents } from '../../playlists/protocol.ts';
import { CODE_TTL_MS } from '../services/pairing.ts';
import type { Services } from '../services/index.ts';
import { logged } from './logged.ts';

const codeRoom = (code: string) => `code:${code}`;

export function registerPairingNamespace(io: Server, services: Services, log: FastifyBaseLogger): () => void {
  const nsp = io.of(PAIRING_NAMESPACE);
  nsp.on(
    'connection',
    logged(log, 'pairing connection failed', async (socket: Socket) => {
      const s = socket as unknown as Socket<PairingClientToServerEvents, PairingServerToClientEvents>;
      let code = '';
      let closed = false;
      const issueNow = async () => {
        if (code) {
          await socket.leave(codeRoom(code));
          await services.pairing.close(code);
        }
        const opened = await services.pairing.open(socket.handshake.address);
        if (closed) {
          if (opened) await services.pairing.close(opened.code);
          return;
        }
        if (!opened) {
          // Said in words on the board's screen; the player tries again later by itself.
          s.emit('pairing:busy', {
            vi: 'Bộ điều khiển đang bận, không cấp được mã ghép nối. Màn hình sẽ tự thử lại.',
            en: 'The controller is busy and cannot give a pairing code now. This screen will try again by itself.',
          });
          socket.disconnect(true);
          return;
        }
        code = opened.code;
        await socket.join(codeRoom(code));
        s.emit('pairing:code', opened);
      };
      const issue = logged(log, 'pairing code renewal failed', issueNow);
      // Renew a minute before expiry so the code on screen always works.
      const renew = setInterval(issue, CODE_TTL_MS - 60_000);
      socket.on('disconnect', () => {
        closed = true;
        clearInterval(renew);
        if (code) void services.pairing.close(code).catch((err: unknown) => log.error({ err }, 'closing a pairing code failed'));
      });
      await issueNow();
    }),
  );
  const onApproved = (code: string, approved: PairingApproved) => nsp.to(codeRoom(code)).emit('pairing:approved', approved);
  services.events.on('pairing-approved', onApproved);
  return () => services.events.off('pairing-approved', onApproved);
}
