export function describe(ctx: { path: string }) {
  return { path: ctx.path };
}

export function report(error: unknown, details: unknown) {
  console.error(error, details);
}
