const express = require('express');
const { requireUser, challenge, findThing } = require('./lib/auth');
const { lookup } = require('lookup-lib');

const router = express.Router();

router.get('/me', (req, res) => {
  const ok = requireUser(req, res);
  // requireUser adds no header to `res`: this 401 has none either.
  if (!ok) return res.status(401).json({ error: 'unknown user' });
//                           ^^^ missing-www-authenticate
  res.json({ user: req.user });
});

router.get('/secret', (req, res) => {
  challenge(res);
  // ok(missing-www-authenticate): challenge set the header
  res.status(401).json({ error: 'log in' });
});

router.get('/other', (req, res) => {
  const found = lookup(req.query.id);
  if (found.hidden) {
    // ok(missing-www-authenticate): `lookup` is not the package's: what it returns is unknown
    return res.status(found.status).json(found.body);
  }
  res.json({});
});

router.get('/things/:id', (req, res) => {
  const thing = findThing(req.params.id);
  res.status(thing.status).json(thing.body);
});

module.exports = router;
