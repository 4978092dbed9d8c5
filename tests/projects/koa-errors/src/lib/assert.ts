import { ApiError } from '../errors/api-error';

// Throws `error` when `value` is falsy, as node's `assert(value, error)` does with an Error.
export default function assertThat(value: unknown, error: ApiError | string): asserts value {
  if (!value) {
    throw error instanceof ApiError ? error : new ApiError(error);
  }
}
