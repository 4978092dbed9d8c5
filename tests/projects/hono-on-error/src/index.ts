// The app registers `onError`: what it answers is not read, so thrown exceptions stay silent.
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { admin } from './admin';

const app = new Hono();
app.route('/admin', admin);

app.onError((err, c) => {
  if (err instanceof HTTPException) {
    const res = err.getResponse();
    res.headers.set('WWW-Authenticate', 'Bearer');
    return res;
  }
  return c.text('internal error', 500);
});

export default app;
