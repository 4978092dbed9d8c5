// ok(missing-www-authenticate): the only route sending it sets the challenge first
export async function updateItem(userId: number) {
  if (userId !== 1) return { response: 'Not yours.', status: 401 };
  return { response: 'Updated.', status: 200 };
}
