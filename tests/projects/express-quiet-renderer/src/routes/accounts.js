const { Router } = require('express');

const accounts = Router();

accounts.get('/me', (req, res, next) => {
  // ok(missing-www-authenticate): the error middleware in src/app.js answers instead of Express
  if (!req.user) return next({ status: 401, message: 'log in' });
  res.json(req.user);
});

module.exports = accounts;
