import { Controller, Delete, Get, MethodNotAllowedException, UnauthorizedException } from '@nestjs/common';

@Controller('auth')
export class AuthController {
  @Get('me')
  me() {
    // ok(missing-www-authenticate): the app's filter (an `APP_FILTER` provider) answers it
    throw new UnauthorizedException();
  }

  @Delete('me')
  remove() {
    // ok(missing-allow): the app's filter is not read, whatever it catches
    throw new MethodNotAllowedException();
  }
}
