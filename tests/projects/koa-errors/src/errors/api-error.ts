// The status comes in an options object; `code` alone (a string) means 400.
export type ApiErrorInput = { code: string; status?: number; expose?: boolean };

export class ApiError extends Error {
  code: string;
  status: number;

  constructor(input: ApiErrorInput | string, readonly data?: unknown) {
    const { code, status = 400 } = typeof input === 'string' ? { code: input } : input;
    super(code);
    this.code = code;
    this.status = status;
  }
}

// Not rendered by the error middleware's `ApiError` branch: its catch-all answers it.
export class QuotaError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}
