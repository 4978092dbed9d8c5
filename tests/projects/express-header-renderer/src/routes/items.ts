import { Router } from 'express';

export const items = Router();

items.get('/', (req, res, next) => {
  // ok(missing-www-authenticate): the error middleware in src/index.ts sets the challenge
  if (!req.headers.authorization) return next({ status: 401, message: 'log in' });
  res.json([]);
});
