// The session cookie: HttpOnly, SameSite=Lax, and Secure when the request came over HTTPS (directly, or as
// X-Forwarded-Proto: https from a proxy trusted with HEED_TRUST_PROXY).
import type { FastifyReply, FastifyRequest } from 'fastify';

export const sessionCookie = 'heed_session';

export function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function cookieFlags(request: FastifyRequest): string {
  return `Path=/; HttpOnly; SameSite=Lax${request.protocol === 'https' ? '; Secure' : ''}`;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
) {
  const maxAge = Math.floor((expiresAt.getTime() - Date.now()) / 1000);
  reply.header('set-cookie', `${sessionCookie}=${token}; Max-Age=${maxAge}; ${cookieFlags(request)}`);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.header('set-cookie', `${sessionCookie}=; Max-Age=0; ${cookieFlags(request)}`);
}
