import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ServiceUser } from '../../service/index.js';

/** The demo's one user: DefaultApplication's owner, with a password made per run. */
export interface DemoUser {
  readonly username: string;
  readonly password: string;
}

export const SESSION_COOKIE = 'keygate_demo_session';
const MAX_SESSIONS = 100;

/** Sessions of the developer portal page: a random token in an HttpOnly, SameSite=Strict cookie. */
export interface DemoSessions {
  /** A new session's token for the right credentials, else undefined. */
  signIn(username: unknown, password: unknown): string | undefined;
  /** The signed-in user of a request's `Cookie` header (the key service's `authenticate`). */
  userOf(cookie: string | null | undefined): ServiceUser | undefined;
  signOut(cookie: string | null | undefined): void;
}

const same = (a: string, b: string): boolean => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

function tokenOf(cookie: string | null | undefined): string | undefined {
  for (const part of (cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === SESSION_COOKIE && value !== undefined && value.length > 0) return value;
  }
  return undefined;
}

/** A `Cookie` header without the portal's session (the backend has no business with it); undefined when nothing is left. */
export function withoutSessionCookie(cookie: string | undefined): string | undefined {
  const kept = (cookie ?? '').split(';').map((part) => part.trim()).filter((part) => part.length > 0 && part.split('=', 1)[0] !== SESSION_COOKIE);
  return kept.length === 0 ? undefined : kept.join('; ');
}

export function demoUser(username = 'kanchana'): DemoUser {
  return { username, password: randomBytes(9).toString('base64url') };
}

export function createDemoSessions(user: DemoUser): DemoSessions {
  // token -> subscriber; the oldest session goes first once there are too many.
  const sessions = new Map<string, string>();
  return {
    signIn(username, password) {
      if (typeof username !== 'string' || typeof password !== 'string') return undefined;
      if (!(same(username, user.username) && same(password, user.password))) return undefined;
      const token = randomBytes(32).toString('base64url');
      sessions.set(token, user.username);
      if (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      return token;
    },
    userOf(cookie) {
      const subscriber = sessions.get(tokenOf(cookie) ?? '');
      return subscriber === undefined ? undefined : { subscriber };
    },
    signOut(cookie) {
      sessions.delete(tokenOf(cookie) ?? '');
    },
  };
}
