import { TokenDeskError } from '../../../electron/core/errors';

/** Runs an action expected to fail with a TokenDeskError and returns it; anything else fails the test. */
export async function tokenDeskErrorOf(action: () => unknown): Promise<TokenDeskError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof TokenDeskError) return error;
    throw error;
  }
  throw new Error('expected the action to fail');
}
