import Koa from 'koa';
import errorHandler, { audit, quota } from './middleware/errors';
import { users } from './routes/users';

const app = new Koa();
app.use(errorHandler());
app.use(audit());
app.use(quota());
app.use(users.routes());

export default app;
