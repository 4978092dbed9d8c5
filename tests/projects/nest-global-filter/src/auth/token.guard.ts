import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';

@Injectable()
export class TokenGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest();
    // ok(missing-www-authenticate): the global filter (src/main.ts) answers it
    if (!request.headers.authorization) throw new UnauthorizedException();
    return true;
  }
}
