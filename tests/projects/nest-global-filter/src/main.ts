import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { HttpErrorFilter } from './filters/http.filter';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  // Every exception goes through this filter, which sets the challenge.
  app.useGlobalFilters(new HttpErrorFilter());
  await app.listen(3000);
}
bootstrap();
