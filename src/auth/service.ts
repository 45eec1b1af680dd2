import type { Config } from "../config";
import type { Database } from "../db";
import type { User } from "../db/schema";
import { AppError } from "../http/errors";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./passwords";
import { revokeSession, revokeUserSessions, rotateRefreshToken, startSession } from "./sessions";
import { issueAccessToken } from "./tokens";
import { findUserByEmail, findUserById, insertUser, toPublicUser, type PublicUser } from "./users";

export interface TokenGrant {
  accessToken: string;
  tokenType: "Bearer";
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  user: PublicUser;
}

const INVALID_CREDENTIALS = "Email or password is incorrect";

/** Registration, login, token refresh and logout over plain dependencies. */
export class AuthService {
  constructor(private readonly db: Database, private readonly config: Config["auth"]) {}

  async register(input: { email: string; password: string; displayName?: string }, userAgent?: string): Promise<TokenGrant> {
    const user = await insertUser(this.db, { email: input.email, passwordHash: await hashPassword(input.password), displayName: input.displayName });
    return this.grant(user, userAgent);
  }

  async login(input: { email: string; password: string }, userAgent?: string): Promise<TokenGrant> {
    const user = await findUserByEmail(this.db, input.email);
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !valid) throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
    return this.grant(user, userAgent);
  }

  async refresh(refreshToken: string): Promise<TokenGrant> {
    const result = await rotateRefreshToken(this.db, refreshToken);
    if (result.outcome !== "rotated") throw new AppError("UNAUTHORIZED", "Refresh token is invalid, expired or revoked; log in again");
    const access = await issueAccessToken(this.config, { userId: result.user.id, role: result.user.role, sessionId: result.sessionId });
    return this.tokenGrant(access, result.refreshToken, result.user);
  }

  async logout(sessionId: string): Promise<void> {
    await revokeSession(this.db, sessionId, "logout");
  }

  async logoutAll(userId: string): Promise<number> {
    return revokeUserSessions(this.db, userId, "logout-all");
  }

  async me(userId: string): Promise<User> {
    const user = await findUserById(this.db, userId);
    if (!user) throw new AppError("UNAUTHORIZED", "This account no longer exists");
    return user;
  }

  private async grant(user: User, userAgent: string | undefined): Promise<TokenGrant> {
    const session = await startSession(this.db, this.config, user.id, userAgent);
    const access = await issueAccessToken(this.config, { userId: user.id, role: user.role, sessionId: session.sessionId });
    return this.tokenGrant(access, session.refreshToken, user);
  }

  private tokenGrant(access: { token: string; expiresAt: number }, refreshToken: string, user: User): TokenGrant {
    return {
      accessToken: access.token,
      tokenType: "Bearer",
      expiresIn: access.expiresAt - Math.floor(Date.now() / 1000),
      refreshToken,
      user: toPublicUser(user),
    };
  }
}
