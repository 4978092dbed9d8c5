import Router from '@koa/router';
import { ApiError, QuotaError } from '../errors/api-error';
import assertThat from '../lib/assert';
import { bearerToken } from './session';

export const users = new Router();

users.get('/me', async (ctx) => {
  const token = bearerToken(ctx.get('authorization'));
  const user = await findUser(token);
  assertThat(!user.suspended, new ApiError({ code: 'user.suspended', status: 401 }));
//                                                                           ^^^ missing-www-authenticate
//   note: rendered by this error middleware, which sends the status a `ApiError` carries and no header at src/middleware/errors.ts:7
  ctx.body = user;
});

users.delete('/me', async (ctx) => {
  // ok(missing-allow): not an `ApiError`: the middleware's catch-all answers it, and that is not read
  throw new QuotaError(405, 'The account cannot be deleted.');
});

users.put('/me', async (ctx) => {
  // ok(missing-www-authenticate): the options carry `headers`, which we do not follow
  if (!ctx.get('authorization')) {
    throw new ApiError({ code: 'auth.missing', status: 401, headers: { 'WWW-Authenticate': 'Bearer' } } as never);
  }
  // ok(missing-www-authenticate): a status we cannot read
  throw new ApiError({ code: 'auth.missing', status: ctx.state.code });
});

users.patch('/me', async (ctx) => {
  // ok(missing-www-authenticate): the challenge is set before the throw, and stays on the response
  ctx.set('WWW-Authenticate', 'Bearer');
  throw new ApiError({ code: 'auth.missing', status: 401 });
});

users.post('/login', async (ctx) => {
  // ok(missing-www-authenticate): `ctx.throw`'s errors go to the middleware's catch-all, which is not read
  ctx.throw(401, 'Log in first');
});

async function findUser(token: string) {
  return { token, suspended: false };
}
