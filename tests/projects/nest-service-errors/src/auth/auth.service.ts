import { HttpStatus, Injectable } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import { RestError } from '../errors';

@Injectable()
export class AuthService {
  async verifyMagicLink(token: string): Promise<E.Either<RestError, string>> {
    if (!token) {
      return E.left({ message: 'invalid link', statusCode: HttpStatus.NOT_FOUND });
    }
    if (token.startsWith('old-')) {
      return E.left({ message: 'link expired', statusCode: HttpStatus.UNAUTHORIZED });
//                                                                    ^^^^^^^^^^^^ missing-www-authenticate
//   note: thrown by a controller as an `HttpException` through `throwHttpError(..)`, which NestJS's built-in filter sends with no header at src/auth/auth.controller.ts:13
    }
    return E.right('session');
  }

  async refresh(token: string): Promise<E.Either<RestError, string>> {
    // ok(missing-www-authenticate): the controller only logs this error value
    if (!token) return E.left({ message: 'no token', statusCode: HttpStatus.UNAUTHORIZED });
    return E.right('session');
  }

  async revoke(token: string, code: number): Promise<E.Either<RestError, string>> {
    // ok(missing-www-authenticate): a status we cannot read
    if (!token) return E.left({ message: 'no token', statusCode: code });
    return E.right('revoked');
  }

  async unused(): Promise<E.Either<RestError, string>> {
    // ok(missing-www-authenticate): no controller throws what this method returns
    return E.left({ message: 'no', statusCode: HttpStatus.UNAUTHORIZED });
  }
}
