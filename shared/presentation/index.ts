import { z } from 'zod';
import type { AccountView } from '../account';
import type { ErrorInfo } from '../errors';
import { isBuiltinProviderId, type BuiltinProviderId, type ProviderId } from '../providers';
import { customPresentation } from './custom';
import {
  explainOneAccessError,
  explainOpenImError,
  explainSaiNiuError,
  explainSudError,
  type ErrorExplainer,
  type ErrorExplanation,
} from './error-explanations';
import { oneAccessPresentation } from './oneaccess';
import { openImPresentation } from './openim';
import { saiNiuPresentation } from './sainiu';
import { sudPresentation } from './sud';
import { lenientObject, type PresentContext, type PresentedSection, type ProviderPresentation } from './types';

export type { Fact, PresentContext, PresentedSection, ProviderPresentation, Shown } from './types';
export type { ErrorExplanation } from './error-explanations';

/** A presentation with its extras type hidden, so the registry can hold every provider's. */
interface BoundPresentation {
  subtitle(view: AccountView): string | null;
  searchTerms(view: AccountView): string[];
  sections(view: AccountView, ctx: PresentContext): PresentedSection[];
  /** What one of this provider's errors means and the next step, or null for the generic explanation. */
  explainError(error: ErrorInfo): ErrorExplanation | null;
}

function bind<E>(presentation: ProviderPresentation<E>, explainError: ErrorExplainer): BoundPresentation {
  // Views are replaced, never mutated, so parsed extras can be remembered per view object.
  const parsed = new WeakMap<AccountView, E>();
  const extrasOf = (view: AccountView): E => {
    let extras = parsed.get(view);
    if (extras === undefined) parsed.set(view, (extras = presentation.extras.parse(view.extras)));
    return extras;
  };
  return {
    subtitle: (view) => presentation.subtitle(view, extrasOf(view)),
    searchTerms: (view) => presentation.searchTerms(view, extrasOf(view)).filter((t): t is string => typeof t === 'string' && t !== ''),
    sections: (view, ctx) => presentation.sections(view, extrasOf(view), ctx),
    explainError,
  };
}

const PRESENTATIONS: Readonly<Record<BuiltinProviderId, BoundPresentation>> = {
  sud: bind(sudPresentation, explainSudError),
  sainiu: bind(saiNiuPresentation, explainSaiNiuError),
  oneaccess: bind(oneAccessPresentation, explainOneAccessError),
  openim: bind(openImPresentation, explainOpenImError),
};

/** Custom providers (and accounts whose provider is missing) share one generic presentation. */
const CUSTOM = bind(customPresentation, () => null);

/**
 * A provider's presentation, for the renderer's rows and details pane and the CLI's `show`: a built-in
 * provider's own, else the generic one of custom providers.
 */
export function presentationOf(provider: ProviderId): BoundPresentation {
  return isBuiltinProviderId(provider) ? PRESENTATIONS[provider] : CUSTOM;
}

const JwtExtrasSchema = lenientObject({
  jwt: lenientObject({ header: z.record(z.string(), z.unknown()), claims: z.record(z.string(), z.unknown()) }),
});

/** The decoded (never verified) JWT any provider may put in the extras (`jwtExtras` in core), or null. */
export function jwtOf(view: AccountView): { header: Record<string, unknown>; claims: Record<string, unknown> } | null {
  const { jwt } = JwtExtrasSchema.parse(view.extras);
  const header = jwt?.header ?? {};
  const claims = jwt?.claims ?? {};
  return Object.keys(header).length === 0 && Object.keys(claims).length === 0 ? null : { header, claims };
}
