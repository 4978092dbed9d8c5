import { Module } from '@nestjs/common';
import { AdminController } from './admin/admin.controller';
import { AuthController } from './auth/auth.controller';

@Module({ controllers: [AuthController, AdminController] })
export class AppModule {}
