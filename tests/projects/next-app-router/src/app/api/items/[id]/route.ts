import { NextResponse } from 'next/server';
import { deleted, nothing } from '@/lib/responses';

export async function GET(request: Request) {
  if (!request.headers.get('authorization')) {
    return NextResponse.json({ error: 'log in first' }, { status: 401 });
//                                                                ^^^ missing-www-authenticate
  }
  return NextResponse.json({ id: 1 });
}

export async function DELETE(request: Request) {
  // ok(missing-www-authenticate): the challenge is in the options
  if (!request.headers.get('authorization')) {
    return NextResponse.json(
      { error: 'log in first' },
      { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="items"' } },
    );
  }
  if (request.headers.get('x-soft')) {
    return nothing();
  }
  return deleted();
}
