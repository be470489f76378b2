import { z } from 'zod';
import { OPENIM_API_GENERATIONS, OPENIM_PLATFORMS, type OpenImApi } from '../providers';
import { facts, l, lenientObject, text, type ProviderPresentation, type Shown } from './types';

/** What the OpenIM provider writes into extras (core/providers/openim.ts). */
export const OpenImExtrasSchema = lenientObject({
  userID: z.string(),
  platformID: z.number(),
  platform: z.string(),
  /** Which API generation answered: `v3` (user_token) or `v3.8` (the admin token pair of 3.8.1+). */
  apiVersion: z.enum(['v3', 'v3.8']),
  /** The generation as shown to a person. */
  apiGeneration: z.string(),
  /** False when the account names the generation instead of letting TokenDesk detect it. */
  apiDetected: z.boolean(),
  adminUserID: z.string(),
  /** Whether the admin token behind the last exchange came from memory or was fetched for it. */
  adminToken: z.enum(['reused', 'fetched']),
});
/** What the OpenIM provider writes into extras. */
export type OpenImExtras = z.infer<typeof OpenImExtrasSchema>;

function generation(extras: OpenImExtras): Shown | null {
  const name = extras.apiGeneration ?? (extras.apiVersion ? OPENIM_API_GENERATIONS[extras.apiVersion as OpenImApi] : undefined);
  if (!name) return null;
  return { kind: 'label', text: extras.apiDetected === false ? l(`${name}, set in the account`, `${name}，账户中指定`) : l(`${name}, detected`, `${name}，自动检测`) };
}

/** OpenIM: the user, the platform the token is for, the API generation and the admin token in use. */
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
          [l('API version', '接口版本'), generation(extras)],
          [l('Admin user', '管理员用户'), text(extras.adminUserID)],
          [
            l('Admin token', '管理员令牌'),
            extras.adminToken === undefined
              ? null
              : {
                  kind: 'label',
                  text: extras.adminToken === 'reused'
                    ? l('Reused from memory (one per server and admin user)', '复用内存中的令牌（每个服务器和管理员用户一个）')
                    : l('Fetched for this refresh, then kept in memory', '本次刷新时获取，之后保存在内存中'),
                },
          ],
        ]),
        ...(view.autoRefresh.enabled
          ? { note: l('Auto-refresh is on: each refresh logs out the client signed in as this user on this platform.', '已开启自动刷新：每次刷新都会让以该用户在此平台登录的客户端下线。'), warning: true }
          : {}),
      },
    ];
  },
};
