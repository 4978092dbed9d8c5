// No `onError`: Hono's default handler answers an HTTPException with `err.getResponse()`.
import { Hono } from 'hono';
import { notes } from './routes/notes';

const app = new Hono();
app.route('/notes', notes);

export default app;
