const Router = require('@koa/router');
const createError = require('http-errors');

const router = new Router();

router.get('/notes', async (ctx) => {
  if (!ctx.state.user) {
    ctx.throw(401, 'Log in first');
//            ^^^ missing-www-authenticate
//   note: answered by Koa's default error handler (`ctx.onerror`), with no header: the error carries no `headers` and the package registers no error middleware that takes it at src/routes/notes.js:8
  }
  ctx.body = [];
});

router.delete('/notes/:id', async (ctx) => {
  ctx.assert(ctx.state.user, 401, 'Log in first');
//                           ^^^ missing-www-authenticate
//   note: answered by Koa's default error handler (`ctx.onerror`), with no header: the error carries no `headers` and the package registers no error middleware that takes it at src/routes/notes.js:16
  if (ctx.params.id === 'pinned') {
    throw createError(405, 'Pinned notes cannot be deleted');
//                    ^^^ missing-allow
//   note: answered by Koa's default error handler (`ctx.onerror`), with no header: the error carries no `headers` and the package registers no error middleware that takes it at src/routes/notes.js:20
  }
  ctx.status = 204;
});

router.put('/notes/:id', async (ctx) => {
  // ok(missing-www-authenticate): the error carries `headers`, which Koa sends
  if (!ctx.state.user) ctx.throw(401, 'Log in first', { headers: { 'WWW-Authenticate': 'Bearer' } });
  // ok(missing-www-authenticate): a status we cannot read
  ctx.throw(ctx.state.code, 'nope');
});

router.post('/notes', async (ctx) => {
  // ok(missing-www-authenticate): caught by the handler itself
  try {
    ctx.throw(401);
  } catch (e) {
    ctx.status = 200;
    ctx.body = { anonymous: true };
  }
});

// ok(missing-www-authenticate): not a route: `ctx` of a plain function may be anything
function guard(ctx) {
  ctx.throw(401);
}

module.exports = { router, guard };
