import type { NextApiRequest, NextApiResponse } from 'next';

type Props = { req: NextApiRequest; res: NextApiResponse };

// Sends whole responses on the `res` it is handed, and sets no header on a response that goes on.
export default async function verifyUser({ req, res }: Props) {
  if (!req.headers.authorization) {
    res.status(401).json({ response: 'no token' });
//             ^^^ missing-www-authenticate
    return null;
  }
  return { id: 1 };
}
