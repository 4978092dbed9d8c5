// The error middleware sets headers of its own: what it sends cannot be read, so the errors
// routes hand to `next` stay silent.
import express from 'express';
import { items } from './routes/items';

const app = express();
app.use('/items', items);

app.use((err: any, req: express.Request, res: express.Response, next: express.NextFunction) => {
  if (err.status === 401) res.set('WWW-Authenticate', 'Bearer realm="items"');
  res.status(err.status || 500).json({ error: err.message });
});

app.listen(8080);
