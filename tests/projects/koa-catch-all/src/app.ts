import Koa from 'koa';
import { router } from './routes/items';

const app = new Koa();

// Every error is answered with its own status and a JSON body: no header of its own.
app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err: any) {
    ctx.status = err.status || 500;
    ctx.body = { message: err.message };
  }
});
app.use(router.routes());

export default app;
