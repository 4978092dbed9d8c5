import { Module } from '@nestjs/common';
import { AuthController } from './auth/auth.controller';
import { TokenGuard } from './auth/token.guard';

@Module({ controllers: [AuthController], providers: [TokenGuard] })
export class AppModule {}
