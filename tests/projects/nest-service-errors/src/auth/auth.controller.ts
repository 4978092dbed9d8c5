import { Body, Controller, Post } from '@nestjs/common';
import * as E from 'fp-ts/Either';
import { logError, throwHttpError } from '../errors';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(private readonly authService: AuthService) {}

  @Post('verify')
  async verify(@Body() body: { token: string }) {
    const session = await this.authService.verifyMagicLink(body.token);
    if (E.isLeft(session)) throwHttpError(session.left);
    return { session: session.right };
  }

  @Post('refresh')
  async refresh(@Body() body: { token: string }) {
    const session = await this.authService.refresh(body.token);
    if (E.isLeft(session)) logError(session.left);
    return { ok: E.isRight(session) };
  }

  @Post('revoke')
  async revoke(@Body() body: { token: string; code: number }) {
    const done = await this.authService.revoke(body.token, body.code);
    if (E.isLeft(done)) throwHttpError(done.left);
    return { ok: true };
  }
}
