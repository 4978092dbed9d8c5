// CommonJS Express app: routes live in other modules and hand their errors to `next`; this
// error-handling middleware sends the error's own status and adds no header.
const express = require('express');
const users = require('./routes/users');

const app = express();
app.use(express.json());
app.use('/users', users);

app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ message: err.message });
});

module.exports = app;
