import type { ErrorInfo } from '../../shared/errors';
import type { NextStep } from '../../shared/next-step';

/** How an account is named in a command to type: the short id `list` prints (id prefixes win over names). */
export const shortRef = (id: string): string => id.slice(0, 8);

/** A next step as the command that takes it, for the account `accountId` (`<id>` when unknown). */
export function cliNextStep(step: NextStep, accountId: string | undefined): string {
  const ref = accountId === undefined ? '<id>' : shortRef(accountId);
  switch (step.kind) {
    case 'edit':
      return `tokendesk edit ${ref} ${(step.fields.length > 0 ? step.fields : ['<field>']).map((field) => `--set ${field}=…`).join(' ')}`;
    case 'login':
      return `tokendesk login ${ref}`;
    case 'refresh':
      return `tokendesk refresh ${ref}`;
    case 'confirm':
      return `tokendesk confirm ${ref}`;
    case 'autoRefresh':
      return `tokendesk edit ${ref} --auto-refresh`;
    case 'defineProvider':
      return 'tokendesk provider add --file DEF.json';
  }
}

/** "Next: <command>" for an error that names its next step, else ''; `accountId` when the caller knows it. */
export function nextLine(error: Pick<ErrorInfo, 'next' | 'account'> | null | undefined, accountId?: string): string {
  if (!error?.next) return '';
  return `Next: ${cliNextStep(error.next, accountId ?? error.account)}`;
}
