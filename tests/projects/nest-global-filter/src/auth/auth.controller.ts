import { Controller, Get, Headers, HttpException, UnauthorizedException } from '@nestjs/common';

@Controller('auth')
export class AuthController {
  @Get('me')
  me(@Headers('authorization') authorization?: string) {
    // ok(missing-www-authenticate): the global filter (src/main.ts) answers it
    if (!authorization) {
      throw new UnauthorizedException();
    }
    // ok(missing-www-authenticate): the same
    if (authorization === 'Basic') throw new HttpException('use a token', 401);
    return { ok: true };
  }
}
