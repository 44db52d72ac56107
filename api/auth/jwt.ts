import jwt from 'jsonwebtoken';
import { AppError } from '../../core/errors.ts';

// Pinned: a token signed with `none` or any other algorithm is refused by verify().
const ALGORITHM = 'HS256' as const;

export type TokenType = 'access' | 'refresh';

export interface AccessClaims {
  type: 'access';
  sub: string;
  sid: string;
}

export interface RefreshClaims {
  type: 'refresh';
  sub: string;
  sid: string;
  jti: string;
}

type Claims<T extends TokenType> = T extends 'access' ? AccessClaims : RefreshClaims;

/** Signs and verifies the platform's user tokens with one secret; each token carries its `type`. */
export class TokenSigner {
  constructor(
    private readonly secret: string,
    private readonly ttl: Record<TokenType, number>,
  ) {}

  sign<T extends TokenType>(claims: Claims<T>): string {
    const { sub, jti, ...rest } = claims as Claims<T> & { jti?: string };
    return jwt.sign(rest, this.secret, {
      algorithm: ALGORITHM,
      subject: String(sub),
      expiresIn: this.ttl[claims.type as T],
      ...(jti ? { jwtid: jti } : {}),
    });
  }

  /** Verifies signature, algorithm, expiry and that the token is of the expected type. */
  verify<T extends TokenType>(token: string, expected: T): Claims<T> {
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: [ALGORITHM] });
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new AppError(401, 'token_expired', 'Token has expired');
      throw new AppError(401, 'token_invalid', 'Token is invalid');
    }
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
      throw new AppError(401, 'token_invalid', 'Token is invalid');
    }
    if (payload.type !== expected) {
      throw new AppError(401, 'token_wrong_type', `Expected a ${expected} token`);
    }
    if (expected === 'refresh' && typeof payload.jti !== 'string') {
      throw new AppError(401, 'token_invalid', 'Token is invalid');
    }
    return payload as unknown as Claims<T>;
  }
}
