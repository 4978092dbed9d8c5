import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthController } from './auth/auth.controller';
import { ChallengeFilter } from './auth/challenge.filter';

// The filter is the app's, registered as a provider.
@Module({
  controllers: [AuthController],
  providers: [{ provide: APP_FILTER, useClass: ChallengeFilter }],
})
export class AppModule {}
