// /pairing: an unpaired player waits here. It is shown a code (renewed before it expires) and
// receives its device token the moment an admin approves that code.
import type { Server, Socket } from 'socket.io';
import { PAIRING_NAMESPACE } from '../../playlists/protocol.ts';
import type { PairingClientToServerEvents, PairingServerToClientEvents } from '../../playlists/protocol.ts';
import { CODE_TTL_MS } from '../services/pairing.ts';
import type { Services } from '../services/index.ts';

export function registerPairingNamespace(io: Server, services: Services): void {
  const nsp = io.of(PAIRING_NAMESPACE);
  nsp.on('connection', (socket) => {
    const s = socket as unknown as Socket<PairingClientToServerEvents, PairingServerToClientEvents>;
    let code = '';
    const issue = () => {
      if (code) services.pairing.close(code);
      const opened = services.pairing.open((approved) => {
        s.emit('pairing:approved', approved);
        clearInterval(renew);
      }, socket.handshake.address);
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
      s.emit('pairing:code', opened);
    };
    // Renew a minute before expiry so the code on screen always works.
    const renew = setInterval(issue, CODE_TTL_MS - 60_000);
    issue();
    socket.on('disconnect', () => {
      clearInterval(renew);
      services.pairing.close(code);
    });
  });
}
