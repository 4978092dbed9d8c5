// Helpers the routes import with `require`.

// Sends a whole response on `res` and sets no header on a response that goes on.
function requireUser(req, res) {
  if (!req.user) {
    res.status(403).json({ error: 'login first' });
    return false;
  }
  return true;
}

// Sets a header on the response its caller goes on to send.
function challenge(res) {
  res.set('WWW-Authenticate', 'Basic realm="api"');
}

// Returns plain objects whose `status` a route sends.
function findThing(id) {
  if (!id) {
    return { status: 401, body: { error: 'no key' } };
//                   ^^^ missing-www-authenticate
//   note: sent by the handler, which sends its `status` as the status at src/routes.js:32
  }
  return { status: 200, body: { id } };
}

module.exports = { requireUser, challenge, findThing };
