// A plugin: its handlers are registered on the instance Fastify hands it.
import type { FastifyInstance } from 'fastify';
import { challenge } from '../lib/replies';
import { findUser, removeUser } from '../lib/store';

export default async function users(fastify: FastifyInstance) {
  fastify.get('/me', async (request, reply) => {
    if (!request.headers.authorization) {
      return reply.code(401).send({ error: 'log in first' });
//                      ^^^ missing-www-authenticate
    }
    return findUser(request.headers.authorization);
  });

  fastify.delete('/:id', async (request, reply) => {
    await removeUser((request.params as { id: string }).id);
    return reply.code(204).send({ deleted: true });
//                              ^^^^^^^^^^^^^^^^^ body-not-allowed
  });

  // ok(missing-www-authenticate): the helper in another module sends the challenge with the reply
  fastify.get('/private', async (request, reply) => {
    if (!request.headers.authorization) {
      return challenge(reply, 'log in first');
    }
    return findUser(request.headers.authorization);
  });
}
