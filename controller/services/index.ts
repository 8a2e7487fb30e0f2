// Wires the use cases over one store: what routes, realtime, jobs and the CLI call.
import type { Renditions } from '../render/renditions.ts';
import type { Store } from '../store/index.ts';
import { AuthService } from './auth.ts';
import { Publisher } from './compile.ts';
import { ContentService } from './content.ts';
import { Events } from './events.ts';
import { PairingService } from './pairing.ts';
import { ScheduleService } from './schedule.ts';

export interface Services {
  store: Store;
  renditions: Renditions;
  events: Events;
  auth: AuthService;
  pairing: PairingService;
  publisher: Publisher;
  content: ContentService;
  schedule: ScheduleService;
  now: () => number;
}

export function createServices(store: Store, renditions: Renditions, now: () => number = Date.now): Services {
  const events = new Events();
  const publisher = new Publisher(store, renditions, events, now);
  const content = new ContentService(store, renditions, publisher, now);
  return {
    store,
    renditions,
    events,
    auth: new AuthService(store, now),
    pairing: new PairingService(store, events, now),
    publisher,
    content,
    schedule: new ScheduleService(store, content, publisher, now),
    now,
  };
}
