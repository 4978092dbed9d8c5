// Response helpers shared by the route handlers. A Fetch `Response` with a body on 204 throws a
// TypeError wherever it is built, so it is reported here, not where the helper is called.
export function deleted() {
  return new Response(JSON.stringify({ deleted: true }), { status: 204 });
//                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
}

export function nothing() {
  return new Response(null, { status: 204 });
}
