import Router from '@koa/router';
import { HttpError, Unauthorized } from '../errors/http-error';

export const router = new Router();

router.get('/items', async (ctx) => {
  if (!ctx.state.user) ctx.throw(401);
//                               ^^^ missing-www-authenticate
//   note: rendered by this error middleware, which sends the error's status and no header at src/app.ts:8
  ctx.body = [];
});

router.delete('/items/:id', async (ctx) => {
  if (ctx.params.id === 'root') throw new HttpError(405, 'The root item stays');
//                                                  ^^^ missing-allow
//   note: rendered by this error middleware, which sends the status a `HttpError` carries and no header at src/app.ts:8
  // ok(missing-www-authenticate): a subclass sets its status itself; not read
  if (!ctx.state.user) throw new Unauthorized();
  ctx.status = 204;
});
