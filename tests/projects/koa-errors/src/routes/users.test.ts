import { ApiError } from '../errors/api-error';

// ok(missing-www-authenticate): a test's mock is not the service's answer
export const mockVerify = async (token?: string) => {
  if (!token) throw new ApiError({ code: 'auth.missing', status: 401 });
  return { sub: token };
};
