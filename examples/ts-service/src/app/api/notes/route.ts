import { NextResponse } from 'next/server';

const notes: string[] = [];

export async function GET() {
  return NextResponse.json(notes);
}

/** Mistake: a body on a 204 throws a TypeError in the Fetch `Response` constructor: every DELETE fails. */
export async function DELETE() {
  notes.length = 0;
  return new Response(JSON.stringify({ cleared: true }), { status: 204 });
}

/** Mistake: `Response.redirect` accepts only redirect statuses; 200 throws a RangeError. */
export async function POST(request: Request) {
  notes.push(await request.text());
  return Response.redirect(new URL('/notes', request.url), 200);
}
