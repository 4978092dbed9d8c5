// The status is the first argument, kept as a parameter property.
export class HttpError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

// ok(missing-www-authenticate): sets a status of its own making, not read
export class Unauthorized extends HttpError {
  constructor() {
    super(401, 'Unauthorized');
  }
}
