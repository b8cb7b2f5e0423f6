import { createHash, randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { apiTokens, auditLog, sessions, users, ROLES, type Role, type UserRow } from '../schema/index.js';

/** bcrypt cost: 2^11 rounds ≈ 100–150 ms in bcryptjs here, slow for guessing, fine for a login. */
export const BCRYPT_ROUNDS = 11;
/** Sessions last a working day (8 h); a new login starts a new one. */
export const SESSION_TTL_MS = 8 * 3600_000;

export type PublicUser = Pick<UserRow, 'id' | 'username' | 'role' | 'displayName' | 'email'>;

export class UserError extends Error {
  constructor(
    readonly code: 'USER_EXISTS' | 'USER_NOT_FOUND' | 'ROLE_INVALID' | 'PASSWORD_WEAK',
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const publicCols = { id: users.id, username: users.username, role: users.role, displayName: users.displayName, email: users.email };

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}

/** Accounts, server-side sessions and API tokens. Secrets are stored hashed (bcrypt for passwords, sha256 for random tokens). */
export class UserRepository {
  /** Compared against when the user does not exist, so timing does not reveal which usernames exist. */
  private dummyHash = bcrypt.hashSync('not-a-password', 4);

  constructor(private readonly db: Db) {
    this.sessionLookup = prepareSessionLookup(db);
  }

  async add(u: { username: string; password: string; role: string; displayName?: string; email?: string }, actor = 'cli'): Promise<PublicUser> {
    if (!isRole(u.role)) throw new UserError('ROLE_INVALID', `role must be one of ${ROLES.join(', ')} (got "${u.role}")`);
    if (u.password.length < 8) throw new UserError('PASSWORD_WEAK', 'password must have at least 8 characters');
    if (!/^[a-z0-9._-]{2,64}$/i.test(u.username)) throw new UserError('ROLE_INVALID', 'username: 2–64 letters, digits, dot, dash or underscore');
    const passwordHash = await bcrypt.hash(u.password, BCRYPT_ROUNDS);
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ username: u.username, passwordHash, role: u.role as Role, displayName: u.displayName ?? null, email: u.email ?? null })
        .onConflictDoNothing()
        .returning(publicCols);
      if (!row) throw new UserError('USER_EXISTS', `user "${u.username}" already exists`);
      await tx.insert(auditLog).values({ actor, action: 'user.add', entity: 'user', entityId: u.username, after: { role: u.role } });
      return row;
    });
  }

  async remove(username: string, actor = 'cli'): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.delete(users).where(eq(users.username, username)).returning(publicCols);
      if (!row) throw new UserError('USER_NOT_FOUND', `no user "${username}"`);
      await tx.insert(auditLog).values({ actor, action: 'user.remove', entity: 'user', entityId: username, before: { role: row.role } });
    });
  }

  async setRole(username: string, role: string, actor = 'cli'): Promise<void> {
    if (!isRole(role)) throw new UserError('ROLE_INVALID', `role must be one of ${ROLES.join(', ')} (got "${role}")`);
    await this.db.transaction(async (tx) => {
      const [prev] = await tx.select(publicCols).from(users).where(eq(users.username, username)).for('update');
      if (!prev) throw new UserError('USER_NOT_FOUND', `no user "${username}"`);
      await tx.update(users).set({ role, updatedAt: sql`now()` }).where(eq(users.id, prev.id));
      // A role change ends the user's sessions, so the new role applies at once.
      await tx.delete(sessions).where(eq(sessions.userId, prev.id));
      await tx.insert(auditLog).values({ actor, action: 'user.role', entity: 'user', entityId: username, before: { role: prev.role }, after: { role } });
    });
  }

  list() {
    return this.db.select(publicCols).from(users).orderBy(users.username);
  }

  async byUsername(username: string): Promise<PublicUser | undefined> {
    const [row] = await this.db.select(publicCols).from(users).where(eq(users.username, username));
    return row;
  }

  /** The user if the password matches and the account is enabled. */
  async verify(username: string, password: string): Promise<PublicUser | undefined> {
    const [row] = await this.db.select().from(users).where(eq(users.username, username));
    const ok = await bcrypt.compare(password, row?.passwordHash ?? this.dummyHash);
    if (!row || !ok || row.disabled) return undefined;
    return { id: row.id, username: row.username, role: row.role, displayName: row.displayName, email: row.email };
  }

  async createSession(userId: number, now = new Date()): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.db.insert(sessions).values({ idHash: sha256(token), userId, csrfToken, expiresAt });
    return { token, csrfToken, expiresAt };
  }

  /** Runs on every request: prepared once, so neither drizzle nor PostgreSQL re-plan it. */
  private readonly sessionLookup: ReturnType<typeof prepareSessionLookup>;

  async session(token: string, now = new Date()): Promise<{ user: PublicUser; csrfToken: string } | undefined> {
    const [row] = await this.sessionLookup.execute({ idHash: sha256(token), now: now.toISOString() });
    if (!row || row.disabled) return undefined;
    const { csrfToken, disabled: _d, ...user } = row;
    return { user, csrfToken };
  }

  async endSession(token: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.idHash, sha256(token)));
  }

  async purgeExpiredSessions(now = new Date()): Promise<void> {
    await this.db.delete(sessions).where(sql`${sessions.expiresAt} <= ${now}`);
  }

  /** Creates an API token; the plain token is returned once and never stored. */
  async createToken(username: string, name: string, actor = 'cli'): Promise<string> {
    const user = await this.byUsername(username);
    if (!user) throw new UserError('USER_NOT_FOUND', `no user "${username}"`);
    const token = `sw_${randomBytes(24).toString('base64url')}`;
    await this.db.transaction(async (tx) => {
      const [row] = await tx.insert(apiTokens).values({ userId: user.id, name, tokenHash: sha256(token) }).returning({ id: apiTokens.id });
      await tx.insert(auditLog).values({ actor, action: 'token.create', entity: 'api_token', entityId: String(row.id), after: { user: username, name } });
    });
    return token;
  }

  async tokenUser(token: string): Promise<PublicUser | undefined> {
    const [row] = await this.db
      .select({ ...publicCols, tokenId: apiTokens.id, disabled: users.disabled })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, sha256(token)), isNull(apiTokens.revokedAt)));
    if (!row || row.disabled) return undefined;
    await this.db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.tokenId));
    const { tokenId: _t, disabled: _d, ...user } = row;
    return user;
  }
}

function prepareSessionLookup(db: Db) {
  return db
    .select({ ...publicCols, csrfToken: sessions.csrfToken, disabled: users.disabled })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, sql.placeholder('idHash')), gt(sessions.expiresAt, sql.placeholder('now'))))
    .prepare('sw_session_lookup');
}
