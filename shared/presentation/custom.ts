import { z } from 'zod';
import type { AccountView } from '../account';
import { facts, l, lenientObject, type Fact, type PresentContext, type PresentedSection, type ProviderPresentation, type Shown } from './types';

/** What the generic custom provider writes into extras (core/providers/custom/custom.ts), besides a JWT. */
export const CustomExtrasSchema = lenientObject({
  /** Which request of the definition gave the token: `request` or `refresh`. */
  lastOperation: z.enum(['request', 'refresh']),
});
/** What the generic custom provider writes into extras. */
export type CustomExtras = z.infer<typeof CustomExtrasSchema>;

const looksLikeUrl = (value: string): boolean => /^https?:\/\//i.test(value);

/** The host of a URL, or the text as it is (shared/ has no URL class). */
function hostOf(value: string): string {
  return /^https?:\/\/(?:[^@/?#]*@)?([^/?#]+)/i.exec(value)?.[1] ?? value;
}

/** The account's non-secret field values in the definition's order (view.fields never holds a secret). */
function plainValues(view: AccountView, ctx?: PresentContext): Array<[string, string]> {
  const order = ctx?.provider?.fields.filter((f) => !f.secret).map((f) => f.name) ?? Object.keys(view.fields);
  return order.flatMap((name) => {
    const value = view.fields[name];
    return value ? [[name, value] as [string, string]] : [];
  });
}

/** The facts of the non-secret fields, labelled as the definition declares them. */
function fieldFacts(view: AccountView, ctx: PresentContext): Fact[] {
  return plainValues(view, ctx).map(([name, value]) => {
    const spec = ctx.provider?.fields.find((f) => f.name === name);
    return { label: spec?.label ?? l(name, name), value: { kind: 'text', text: value, mono: looksLikeUrl(value) } };
  });
}

/**
 * Every custom provider, and an account whose provider is not defined (any more): the non-secret fields
 * as facts, the first non-URL one (else the server's host) as the subtitle, all of them searchable.
 */
export const customPresentation: ProviderPresentation<CustomExtras> = {
  extras: CustomExtrasSchema,
  subtitle: (view) => {
    const values = plainValues(view).map(([, value]) => value);
    const plain = values.find((value) => !looksLikeUrl(value));
    if (plain) return plain;
    const url = values.find(looksLikeUrl);
    return url ? hostOf(url) : null;
  },
  searchTerms: (view) => plainValues(view).map(([, value]) => value),
  sections: (view, extras, ctx): PresentedSection[] => {
    if (!ctx.provider) {
      return [
        {
          kind: 'facts',
          title: l('Provider missing', '服务商缺失'),
          facts: fieldFacts(view, ctx),
          warning: true,
          note: l(
            `Its provider ${view.provider} is not defined — add the definition again (tokendesk provider add --file DEF.json, or the custom provider editor). The account and its secrets are kept.`,
            `其服务商 ${view.provider} 未定义 —— 请重新添加该定义（tokendesk provider add --file DEF.json，或在自定义服务商编辑器中添加）。账号及其密钥均已保留。`,
          ),
        },
      ];
    }
    const operation: Shown | null =
      extras.lastOperation === undefined
        ? null
        : { kind: 'label', text: extras.lastOperation === 'refresh' ? l('The refresh request', '刷新请求') : l('The first request', '首次请求') };
    return [
      {
        kind: 'facts',
        title: l(ctx.provider.displayName.en, ctx.provider.displayName.zh),
        facts: [...fieldFacts(view, ctx), ...facts([[l('Token from', '令牌来自'), operation]])],
        ...(ctx.provider.problem ? { warning: true, note: l(ctx.provider.problem, ctx.provider.problem) } : {}),
      },
    ];
  },
};
