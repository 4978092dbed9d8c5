// No error-handling middleware anywhere in the package: Express's default handler sends
// `err.status` with no header of the error's own.
import express from 'express';
import { reports } from '@/routes/reports';

const app = express();
app.use('/reports', reports);
app.listen(3000);
