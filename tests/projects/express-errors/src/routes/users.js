// Errors handed to `next` are sent by the error middleware registered in src/app.js.
const { Router } = require('express');
const createError = require('http-errors');
const db = require('../db');

const router = Router();

router.get('/me', async (req, res, next) => {
  if (!req.user) {
    return next({
      status: 401,
//            ^^^ missing-www-authenticate
//   note: sent by this error-handling middleware, which adds no header at src/app.js:10
      message: 'You must be logged in.',
    });
  }
  res.json(req.user);
});

router.delete('/:id', async (req, res, next) => {
  if (req.params.id === '1') {
    return next(createError(405, 'This account cannot be deleted.'));
//                          ^^^ missing-allow
//   note: sent by this error-handling middleware, which adds no header at src/app.js:10
  }
  await db.remove(req.params.id);
  res.status(204).end();
});

router.put('/:id', async (req, res, next) => {
  // ok(missing-www-authenticate): the error carries its own headers, which the middleware may send
  if (!req.user) return next({ status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });

  // ok(missing-www-authenticate): a status we cannot read
  if (!req.body) return next({ status: req.query.code, message: 'bad' });

  // ok(missing-www-authenticate): `next` of an inner callback is not the handler's
  db.find(req.params.id, (err, row) => {
    if (!row) return next({ status: 401 });
    res.json(row);
  });
});

router.post('/', async (req, res, next) => {
  // ok(missing-www-authenticate): not an error status object: `next` is called with a string
  if (!req.user) return next('route');
  res.status(201).location(`/users/${req.body.id}`).json(req.body);
});

module.exports = router;
