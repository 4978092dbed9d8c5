import type { NextApiRequest, NextApiResponse } from 'next';
import verifyUser from '@/lib/verifyUser';
import { withChallenge } from '../../../lib/withChallenge';
import deleteItem from '@/lib/controllers/deleteItem';
import { updateItem as update } from '@/lib/controllers/updateItem';
import audit from 'audit-package';

export default async function items(req: NextApiRequest, res: NextApiResponse) {
  const user = await verifyUser({ req, res });
  if (req.method === 'GET') {
    // verifyUser sets no header on `res`: this 401 has none either.
    if (!user) return res.status(401).json({ response: 'Unauthorized' });
//                               ^^^ missing-www-authenticate
    return res.status(200).json({ user });
  }
  if (req.method === 'PUT') {
    withChallenge(res);
    const updated = await update(1);
    // ok(missing-www-authenticate): withChallenge set the header
    if (!user) return res.status(401).json({ response: 'Unauthorized' });
    return res.status(updated.status).json({ response: updated.response });
  }
  if (req.method === 'DELETE') {
    const deleted = await deleteItem(1, Number(req.query.id));
    return res.status(deleted.status).json({ response: deleted.response });
  }
  // A helper from outside the package: what it does to `res` is unknown.
  const report = await audit(res);
  // ok(missing-www-authenticate): audit may have set the header
  if (!user) return res.status(401).json({ response: report.status });
  // ok(missing-www-authenticate): an import from outside the package is not read
  return res.status(report.status).json({});
}
