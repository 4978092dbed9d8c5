const users = new Map<string, { name: string }>();

export async function findUser(token: string) {
  return users.get(token) ?? null;
}

export async function removeUser(id: string) {
  users.delete(id);
}
