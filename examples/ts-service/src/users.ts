import { Router } from 'express';

export const users = Router();
const store = new Map<string, { name: string }>();

/** Mistake: a 201 without `Location` (a hint: where is the new user?). */
users.post('/', (req, res) => {
  const id = String(store.size + 1);
  store.set(id, req.body);
  res.status(201).json({ id });
});

/** Mistake: a body on a 204. Express drops it silently, and the test that reads it lies. */
users.delete('/:id', (req, res) => {
  store.delete(req.params.id);
  res.status(204).json({ deleted: req.params.id });
});

/** Correct: a PUT's 201 needs no `Location`; the target URI is the new resource. */
users.put('/:id', (req, res) => {
  const created = !store.has(req.params.id);
  store.set(req.params.id, req.body);
  if (created) {
    return res.status(201).json(req.body);
  }
  res.json(req.body);
});
