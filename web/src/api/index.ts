// The endpoints the web app calls: the contract (playlists/api), by name. At run time only their
// methods and paths are shipped (web/vite.config.ts makes the table from the contract); their
// types are the contract's own.
import type { API as Contract } from '@playlists/api/index.ts';
import { API as routes } from 'virtual:ledgate-api';

export const API = routes as unknown as typeof Contract;
export type { ResponseOf, RequestOf } from '@playlists/api/endpoint.ts';
export { ApiError, call, upload, SESSION_ENDED } from './client.ts';
