import type { Role } from '../db/schema/users.js';

/** What each role may do. Pages and API routes each name one permission; the server refuses the rest. */
export const PERMISSIONS = {
  'cases.read': ['reviewer', 'analyst', 'admin'],
  'cases.decide': ['reviewer', 'admin'],
  'sellers.read': ['reviewer', 'analyst', 'admin'],
  'sellers.block': ['reviewer', 'admin'],
  'takedowns.read': ['reviewer', 'analyst', 'admin'],
  'takedowns.write': ['reviewer', 'admin'],
  'thresholds.read': ['analyst', 'admin'],
  'thresholds.write': ['analyst', 'admin'],
  'dashboard.read': ['reviewer', 'analyst', 'admin'],
  'audit.read': ['analyst', 'admin'],
  'users.manage': ['admin'],
  /** Any signed-in user (own session, API description). */
  'self': ['reviewer', 'analyst', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | undefined, perm: Permission): boolean {
  return !!role && (PERMISSIONS[perm] as readonly string[]).includes(role);
}

/** Where a user lands after login. */
export function homeFor(role: Role): string {
  return role === 'analyst' ? '/analyst' : role === 'admin' ? '/dashboard' : '/queue';
}
