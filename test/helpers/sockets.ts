// socket.io clients for tests, and a bounded wait for the next event of a kind.
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';

export function connect(url: string, namespace: string, auth?: Record<string, unknown>): Socket {
  return io(`${url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
}

export function nextEvent<T = unknown>(socket: Socket, event: string, timeoutMs = 5000, predicate: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (value: T) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(value);
    };
    socket.on(event, handler);
  });
}

/** Resolves with the connect_error message, or rejects if the socket connects. */
export function connectError(socket: Socket, timeoutMs = 5000): Promise<Error> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('neither connected nor refused')), timeoutMs);
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      resolve(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      reject(new Error('connected, but should have been refused'));
    });
  });
}
