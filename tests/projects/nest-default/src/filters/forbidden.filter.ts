import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';

// Used by one controller (`@UseFilters`), not registered for the app.
@Catch(HttpException)
export class ChallengeFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse();
    res.status(exception.getStatus()).set('WWW-Authenticate', 'Bearer').json({});
  }
}
