// Returns plain objects whose `status` the route sends.
export default async function deleteItem(userId: number, id: number) {
  if (!id) return { response: 'Choose an item.', status: 400 };
  if (userId !== 1) return { response: 'Not yours.', status: 401 };
//                                                           ^^^ missing-www-authenticate
//   note: sent by `items`, which sends its `status` as the status at src/pages/api/items/[id].ts:25
  return { response: 'Deleted.', status: 200 };
}
