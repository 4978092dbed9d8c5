import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';

export const requireUser = createMiddleware<{ Variables: { user: string } }>(async (c, next) => {
  const user = c.req.header('x-user');
  if (!user) {
    throw new HTTPException(401, { message: 'Unauthorized' });
//                          ^^^ missing-www-authenticate
//   note: answered by Hono's default error handler (`err.getResponse()`), with no header: the package registers no `onError` at src/middlewares/auth.ts:7
  }
  c.set('user', user);
  await next();
});

export const requireToken = createMiddleware(async (c, next) => {
  // ok(missing-www-authenticate): the response given as `res` is sent, with its own headers
  if (!c.req.header('authorization')) {
    throw new HTTPException(401, { res: new Response('no', { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } }) });
  }
  await next();
});

export const softAuth = createMiddleware(async (c, next) => {
  // ok(missing-www-authenticate): thrown inside a try that catches it
  try {
    if (!c.req.header('authorization')) throw new HTTPException(401);
  } catch {
    c.set('anonymous', true);
  }
  await next();
});

// ok(missing-www-authenticate): not a middleware or a handler: a plain function may be called anywhere
export function assertUser(user?: string) {
  if (!user) throw new HTTPException(401);
}
