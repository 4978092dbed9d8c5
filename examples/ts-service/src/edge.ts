import { Hono } from 'hono';

const app = new Hono();

/** Mistake: a redirect without `Location`. */
app.get('/old-docs', (c) => c.text('moved to /docs', 301));

/** Correct: `c.redirect` sets `Location`. */
app.get('/old-blog', (c) => c.redirect('/blog', 301));

/** Correct: no body on the 204. */
app.delete('/cache', (c) => c.body(null, 204));

export default app;
