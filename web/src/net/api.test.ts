import { describe, expect, it } from 'vitest';
import { TicketError } from '@parley/client/internal';
import { ApiError } from './api.ts';

describe('ApiError', () => {
  it('is a TicketError: the call reads a refused ticket from the app’s HTTP client', () => {
    const err = new ApiError(401, 'unauthorized', 'Sign in again.');
    expect(err).toBeInstanceOf(TicketError);
    expect(err).toMatchObject({ name: 'ApiError', status: 401, code: 'unauthorized' });
    expect(err.message).toBe('Sign in again.');
  });
});
