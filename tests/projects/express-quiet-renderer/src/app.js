// The error middleware only logs and ends the reply (no token of a sent code in this file): the
// errors the routes hand on never reach Express's default handler.
const express = require('express');
const accounts = require('./routes/accounts');

const app = express();
app.use('/accounts', accounts);

app.use((err, req, res, next) => {
  console.error(err);
  res.end();
});

module.exports = app;
