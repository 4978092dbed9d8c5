// No error middleware: Koa's own `ctx.onerror` answers what the routes throw.
const Koa = require('koa');
const { router } = require('./routes/notes');

const app = new Koa();
app.use(router.routes());

module.exports = app;
