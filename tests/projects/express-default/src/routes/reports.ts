import { Router, type Request, type Response, type NextFunction } from 'express';
import createError from 'http-errors';

export const reports = Router();

reports.get('/:id', (req: Request, res: Response, next: NextFunction) => {
  if (!req.headers.authorization) {
    return next(createError(401));
//                          ^^^ missing-www-authenticate
//   note: sent by Express's default error handler, with no header of its own: the package registers no error-handling middleware at src/routes/reports.ts:8
  }
  // ok(missing-allow): createError's options object may carry headers
  if (req.method === 'TRACE') return next(createError(405, 'no', { headers: { Allow: 'GET' } }));
  res.json({ id: req.params.id });
});
