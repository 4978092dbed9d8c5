// Routes live in plugins registered from here; the app adds no header to their replies.
import Fastify from 'fastify';
import users from './routes/users';
import sessions from './routes/sessions';

const app = Fastify({ logger: true });

app.register(users, { prefix: '/users' });
app.register(sessions, { prefix: '/sessions' });

export default app;
