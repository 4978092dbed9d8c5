import type { Middleware } from 'koa';
import { ApiError } from '../errors/api-error';
import { report, describe } from '../lib/telemetry';

export default function errorHandler(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error: unknown) {
      // Reads the context only: not an answer.
      void report(error, describe(ctx));

      if (error instanceof ApiError) {
        ctx.status = error.status;
        ctx.body = { code: error.code, message: error.message };
        return;
      }

      ctx.status = 500;
      ctx.body = { message: 'Internal server error.' };
    }
  };
}

// Observes errors and hands them on: not a renderer.
export function audit(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error: unknown) {
      ctx.state.failed = true;
      throw error;
    } finally {
      report(null, describe(ctx));
    }
  };
}

// Renders only its own class; every other error goes on.
export function quota(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error: unknown) {
      if (!(error instanceof RangeError)) {
        throw error;
      }
      ctx.set('Retry-After', '60');
      ctx.status = 429;
    }
  };
}
