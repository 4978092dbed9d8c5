import { HttpException } from '@nestjs/common';

export type RestError = { message: string; statusCode: number };

// Lets a controller throw a service's error value as an HttpException.
export function throwHttpError(error: RestError): never {
  const { message, statusCode } = error;
  throw new HttpException(message, statusCode);
}

// Logs an error value: throws nothing.
export function logError(error: RestError) {
  console.warn(error.message);
}
