// Text as an editor holds it mid-edit: `challenge` both required and declared (a SyntaxError
// when run). The name is the import's whether this file is read alone or in its package, so
// what runs before the 405 is unknown either way.
const express = require('express');
const { challenge } = require('./lib/auth');

const router = express.Router();

router.get('/secret', (req, res) => {
  challenge(res);
  // ok(missing-allow): `challenge` is the import, not the empty function below
  res.status(405).json({ error: 'no' });
});

module.exports = router;

function challenge(res) {
}
