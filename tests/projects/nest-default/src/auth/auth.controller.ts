import { Controller, Get, Headers, UnauthorizedException } from '@nestjs/common';

@Controller('auth')
export class AuthController {
  @Get('me')
  me(@Headers('authorization') authorization?: string) {
    if (!authorization) {
      throw new UnauthorizedException();
//              ^^^^^^^^^^^^^^^^^^^^^ missing-www-authenticate
    }
    return { ok: true };
  }
}
