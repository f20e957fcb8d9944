import { SignJWT, jwtVerify } from 'jose';
import { config } from './config';

const encoder = new TextEncoder();

/** Issues a short-lived HS256 token carrying only the user id; roles are read from the database per request. */
export async function issueToken(userId: string): Promise<{ token: string; expiresIn: number }> {
  const { JWT_SECRET, JWT_TTL_SECONDS } = config();
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(`${JWT_TTL_SECONDS}s`)
    .setIssuer('linli')
    .sign(encoder.encode(JWT_SECRET));
  return { token, expiresIn: JWT_TTL_SECONDS };
}

/** Returns the user id of a valid token, or null for a missing, tampered, expired or non-HS256 token. */
export async function verifyToken(token: string): Promise<string | null> {
  try {
    const { payload } = await jwtVerify(token, encoder.encode(config().JWT_SECRET), {
      algorithms: ['HS256'], // refuses alg "none" and any key-confusion attempt
      issuer: 'linli',
    });
    return typeof payload.sub === 'string' && /^[0-9a-f]{24}$/.test(payload.sub) ? payload.sub : null;
  } catch {
    return null;
  }
}
