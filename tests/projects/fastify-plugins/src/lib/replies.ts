import type { FastifyReply } from 'fastify';

// Sends the challenge with every refusal it makes.
export function challenge(reply: FastifyReply, message: string) {
  return reply.header('WWW-Authenticate', 'Bearer realm="users"').code(401).send({ message });
}

