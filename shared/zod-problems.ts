import { z } from 'zod';

/** One problem of a failed parse: where (a dot path, or the caller's name for the whole value) and what. */
interface Problem {
  at: string | null;
  message: string;
}

/**
 * The one way TokenDesk words a zod failure, on one line: z.prettifyError's problems (zod's own messages
 * and dot paths, ordered by path depth), each as `path: message`, e.g.
 * `name: Too small: expected string to have >=1 characters; values.code: Invalid input: expected string, received number`.
 * Zod's messages say what was expected, never the value received, so a refused secret is not echoed.
 * `whole` names a problem with the whole value (no path); `max` caps how many are listed.
 */
export function zodProblems(error: z.ZodError, options: { whole?: string; max?: number } = {}): string {
  const problems: Problem[] = [];
  for (const line of z.prettifyError(error).split('\n')) {
    const at = /^\s*→ at (.*)$/.exec(line);
    const last = problems[problems.length - 1];
    if (at && last) last.at = at[1] ?? null;
    else if (line.startsWith('✖ ')) problems.push({ at: null, message: line.slice(2) });
  }
  const max = options.max ?? problems.length;
  const whole = options.whole ?? 'input';
  const listed = problems.slice(0, max).map((p) => `${p.at ?? whole}: ${p.message}`);
  const more = problems.length > max ? ` (and ${problems.length - max} more)` : '';
  return `${listed.join('; ')}${more}`;
}
