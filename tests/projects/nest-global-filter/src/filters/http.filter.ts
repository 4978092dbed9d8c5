import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';

@Catch(HttpException)
export class HttpErrorFilter implements ExceptionFilter {
  catch(exception: HttpException, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse();
    if (exception.getStatus() === 401) res.set('WWW-Authenticate', 'Bearer realm="api"');
    res.status(exception.getStatus()).json({ message: exception.message });
  }
}
