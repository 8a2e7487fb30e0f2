// The operators' live view: one socket.io connection to /ops for the whole app (the session cookie
// signs it in). Every board's status arrives on connect and each change as it happens, and so do the
// open alerts; they are put straight into the query cache, so every page showing boards or alerts
// is live — never polled.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createContext, useContext, useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { OPS_NAMESPACE } from '@playlists/protocol.ts';
import type { BoardStatus } from '@playlists/api/boards.ts';
import type { AlertView } from '@playlists/api/alerts.ts';
import { API, call } from '../api/index.ts';
import { syncServerClock } from '../components/now.ts';

export type Connection = 'connecting' | 'live' | 'lost';
const ConnectionContext = createContext<Connection>('connecting');

/** Whether the live view is connected (the wall says so when it is not). */
export function useConnection(): Connection {
  return useContext(ConnectionContext);
}

export const BOARDS_KEY = ['boards'] as const;
export const boardKey = (id: string) => ['board', id] as const;
/** The alerts open now (sent on connect, then kept by each alert event) and the alerts page's history. */
export const OPEN_ALERTS_KEY = ['alerts', 'open'] as const;
export const ALERT_HISTORY_KEY = ['alerts', 'history'] as const;

/** The alerts open now, newest first: live from /ops, fetched once if the socket has not said yet. */
export function useOpenAlerts() {
  return useQuery({ queryKey: OPEN_ALERTS_KEY, queryFn: () => call(API.listAlerts, { query: { open: 'true', limit: 500 } }), staleTime: Infinity });
}

export function OpsProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [connection, setConnection] = useState<Connection>('connecting');
  useEffect(() => {
    const socket = io(OPS_NAMESPACE, { transports: ['websocket'], withCredentials: true });
    socket.on('connect', () => setConnection('live'));
    // A refused or cut socket is not always an ended session: a temporary password still to be
    // changed, or a password just changed (this socket's token ended; the browser holds a fresh
    // session). Ask the API: a 401 there brings the sign-in dialog (the client raises it).
    const recheck = () => void call(API.me).then((me) => queryClient.setQueryData(['me'], me), () => undefined);
    socket.on('disconnect', (reason) => {
      setConnection('lost');
      // The controller ended it (a sign-out, a changed password or role).
      if (reason === 'io server disconnect') recheck();
    });
    socket.on('connect_error', (err) => {
      setConnection('lost');
      if (err.message === 'unauthorized') recheck();
    });
    socket.on('boards', (boards: BoardStatus[], now: number) => {
      syncServerClock(now);
      queryClient.setQueryData(BOARDS_KEY, boards);
      for (const b of boards) queryClient.setQueryData(boardKey(b.id), b);
    });
    socket.on('board', (board: BoardStatus, now: number) => {
      syncServerClock(now);
      queryClient.setQueryData<BoardStatus[]>(BOARDS_KEY, (list) => (list ? (list.some((b) => b.id === board.id) ? list.map((b) => (b.id === board.id ? board : b)) : [...list, board]) : list));
      queryClient.setQueryData(boardKey(board.id), board);
    });
    socket.on('alerts', (open: AlertView[]) => {
      queryClient.setQueryData(OPEN_ALERTS_KEY, open);
      // Alerts may have come and gone while the socket was away.
      void queryClient.invalidateQueries({ queryKey: ALERT_HISTORY_KEY });
    });
    socket.on('alert', (alert: AlertView) => {
      queryClient.setQueryData<AlertView[]>(OPEN_ALERTS_KEY, (list) => {
        const others = (list ?? []).filter((a) => a.id !== alert.id);
        return alert.closedAt ? others : [alert, ...others];
      });
      queryClient.setQueryData<AlertView[]>(ALERT_HISTORY_KEY, (list) => (list ? [alert, ...list.filter((a) => a.id !== alert.id)].sort((a, b) => b.id - a.id) : list));
    });
    // After the sign-in dialog, connect again with the new session.
    const reconnect = () => {
      // Refused until the temporary password is changed: no need to ask.
      if (queryClient.getQueryData<{ mustChangePassword?: boolean }>(['me'])?.mustChangePassword) return;
      if (!socket.connected) socket.connect();
    };
    window.addEventListener('focus', reconnect);
    const retry = setInterval(reconnect, 5000);
    return () => {
      clearInterval(retry);
      window.removeEventListener('focus', reconnect);
      socket.close();
    };
  }, [queryClient]);
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}
