import Router from '@koa/router';

export class HttpError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

export const router = new Router();

router.get('/items', async (ctx) => {
  // ok(missing-www-authenticate): the error middleware sets the challenge
  if (!ctx.state.user) ctx.throw(401);
  // ok(missing-www-authenticate): the same middleware answers the error classes
  if (!ctx.get('authorization')) throw new HttpError(401, 'Unauthorized');
  ctx.body = [];
});
