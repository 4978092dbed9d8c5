import express, { NextFunction, Request, Response } from 'express';
import { users } from './users';

const app = express();
app.use(express.json());
app.use('/users', users);

app.get('/health', (req, res) => {
  res.json({ ok: true });
});

/** Mistake: a 401 without a `WWW-Authenticate` challenge. Clients cannot tell how to log in. */
app.get('/me', (req, res) => {
  const token = req.get('authorization');
  if (!token) {
    return res.status(401).json({ error: 'missing token' });
  }
  res.json({ token });
});

/** Correct: the challenge goes with the 401. */
app.get('/admin', (req, res) => {
  if (!req.get('authorization')) {
    res.set('WWW-Authenticate', 'Bearer realm="admin"');
    return res.status(401).json({ error: 'missing token' });
  }
  res.json({ admin: true });
});

/** Mistake: a 405 without `Allow`. */
app.all('/reports', (req: Request, res: Response) => {
  if (req.method !== 'GET') {
    return res.sendStatus(405);
  }
  res.json([]);
});

app.use((err: Error, req: Request, res: Response, next: NextFunction) => {
  res.status(500).json({ error: err.message });
});

app.listen(3000);
