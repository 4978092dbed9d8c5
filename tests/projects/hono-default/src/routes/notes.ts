import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requireUser } from '../middlewares/auth';

export const notes = new Hono();

notes.use('*', requireUser);

notes.put('/:id', async (c) => {
  if (c.req.param('id') === 'locked') {
    throw new HTTPException(405);
//                          ^^^ missing-allow
//   note: answered by Hono's default error handler (`err.getResponse()`), with no header: the package registers no `onError` at src/routes/notes.ts:11
  }
  // ok(missing-www-authenticate): a status we cannot read
  const code = Number(c.req.query('code'));
  if (code) throw new HTTPException(code as 401);
  return c.json({ ok: true });
});
