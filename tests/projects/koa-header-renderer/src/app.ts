import Koa from 'koa';
import { router } from './routes/items';

const app = new Koa();

// The error middleware adds the challenge itself.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err: any) {
    ctx.status = err.status || 500;
    if (ctx.status === 401) ctx.set('WWW-Authenticate', 'Bearer');
    ctx.body = { message: err.message };
  }
});
app.use(router.routes());

export default app;
