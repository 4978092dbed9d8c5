import type { FastifyInstance } from 'fastify';

export default async function sessions(fastify: FastifyInstance) {
  // ok(missing-www-authenticate): the hook sets the challenge before it replies
  fastify.addHook('preHandler', async (request, reply) => {
    if (!request.headers.cookie) {
      reply.header('WWW-Authenticate', 'Cookie');
      return reply.code(401).send();
    }
  });

  fastify.post('/', async (request, reply) => {
    if (!request.body) {
      return reply.code(405).send({ error: 'send a body' });
//                      ^^^ missing-allow
    }
    return reply.code(200).send({ ok: true });
  });
}
