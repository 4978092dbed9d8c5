import type { NextApiResponse } from 'next';

// Sets a header on the response its caller goes on to send.
export function withChallenge(res: NextApiResponse) {
  res.setHeader('WWW-Authenticate', 'Bearer');
}
