import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';

export const admin = new Hono();

admin.get('/', (c) => {
  // ok(missing-www-authenticate): src/index.ts's onError answers it and may add the challenge
  if (!c.req.header('authorization')) throw new HTTPException(401, { message: 'no' });
  return c.text('hi');
});
