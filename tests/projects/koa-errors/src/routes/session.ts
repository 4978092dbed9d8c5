import { ApiError } from '../errors/api-error';
import assertThat from '../lib/assert';

// A plain helper: what it throws reaches the error middleware through the route that calls it.
export function bearerToken(authorization?: string) {
  assertThat(authorization, new ApiError({ code: 'auth.missing', status: 401 }));
//                                                                       ^^^ missing-www-authenticate
//   note: rendered by this error middleware, which sends the status a `ApiError` carries and no header at src/middleware/errors.ts:7
  if (!authorization.startsWith('Bearer ')) {
    throw new ApiError({ code: 'auth.scheme', status: 401 }, { supported: ['Bearer'] });
//                                                    ^^^ missing-www-authenticate
//   note: rendered by this error middleware, which sends the status a `ApiError` carries and no header at src/middleware/errors.ts:7
  }
  return authorization.slice(7);
}

export function softToken(authorization?: string) {
  // ok(missing-www-authenticate): thrown inside a `try` that catches it
  try {
    if (!authorization) throw new ApiError({ code: 'auth.missing', status: 401 });
    return authorization;
  } catch {
    return undefined;
  }
}

export function toError(missing: boolean) {
  // ok(missing-www-authenticate): built, not thrown: whoever throws it decides
  return missing ? new ApiError({ code: 'auth.missing', status: 401 }) : undefined;
}
