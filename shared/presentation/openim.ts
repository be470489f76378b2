import { z } from 'zod';
import { OPENIM_PLATFORMS } from '../providers';
import { facts, l, lenientObject, text, type ProviderPresentation } from './types';

/** What the OpenIM provider writes into extras (core/providers/openim.ts). */
export const OpenImExtrasSchema = lenientObject({
  userID: z.string(),
  platformID: z.number(),
  platform: z.string(),
  /** Which API generation answered: `v3` (user_token) or `v3.8.1+` (admin token pair). */
  apiVersion: z.string(),
});
/** What the OpenIM provider writes into extras. */
export type OpenImExtras = z.infer<typeof OpenImExtrasSchema>;

/** OpenIM: the user, the platform the token is for, and the API generation in use. */
export const openImPresentation: ProviderPresentation<OpenImExtras> = {
  extras: OpenImExtrasSchema,
  subtitle: (view, extras) => view.fields.userID || extras.userID || view.fields.baseUrl || null,
  searchTerms: (view, extras) => [view.fields.userID, extras.userID],
  sections: (view, extras, { provider }) => {
    // Before the first exchange the platform is the field's value, or the field's default when unset.
    const fallback = provider?.fields.find((f) => f.name === 'platformID')?.default;
    const id = extras.platformID ?? Number(view.fields.platformID ?? fallback);
    const name = extras.platform ?? OPENIM_PLATFORMS[id];
    return [
      {
        kind: 'facts',
        title: l('OpenIM', 'OpenIM 信息'),
        facts: facts([
          [l('Platform', '平台'), name ? { kind: 'text', text: `${name} (${id})` } : { kind: 'text', text: '—' }],
          [l('User ID', '用户 ID'), text(extras.userID ?? view.fields.userID) ?? { kind: 'text', text: '—' }],
          [l('API version', '接口版本'), text(extras.apiVersion)],
        ]),
      },
    ];
  },
};
