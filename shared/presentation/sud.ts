import { z } from 'zod';
import { facts, l, lenientObject, text, type ProviderPresentation, type Shown } from './types';

/** What the SUD provider writes into extras (core/providers/sud.ts normalizes the server's user_info). */
export const SudExtrasSchema = lenientObject({
  userInfo: lenientObject({
    uid: z.string(),
    nickName: z.string(),
    avatarUrl: z.string(),
    gender: z.string(),
    isAi: z.boolean(),
    aiLevel: z.number(),
  }),
  /** Epoch ms at which the stored short-term code expires (its JWT exp), when it is a JWT. */
  codeExpiresAt: z.number(),
  lastOperation: z.string(),
});
/** What the SUD provider writes into extras. */
export type SudExtras = z.infer<typeof SudExtrasSchema>;

const DASH: Shown = { kind: 'text', text: '—' };

function gender(value: string | undefined): Shown {
  if (value === 'male') return { kind: 'label', text: l('Male', '男') };
  if (value === 'female') return { kind: 'label', text: l('Female', '女') };
  return { kind: 'label', text: l('Not set', '未设置') };
}

function robot(isAi: boolean | undefined, level: number | undefined): Shown {
  if (!isAi) return { kind: 'label', text: l('No', '否') };
  return { kind: 'label', text: level === undefined ? l('Yes', '是') : l(`Yes (level ${level})`, `是（等级 ${level}）`) };
}

/** SUD: the game user behind the ss_token. */
export const sudPresentation: ProviderPresentation<SudExtras> = {
  extras: SudExtrasSchema,
  subtitle: (view, { userInfo }) =>
    userInfo?.nickName && userInfo.uid ? `${userInfo.nickName} · ${userInfo.uid}` : (view.fields.baseUrl ?? null),
  searchTerms: (_view, { userInfo }) => [userInfo?.uid, userInfo?.nickName],
  sections: (_view, { userInfo }) => {
    if (!userInfo || Object.values(userInfo).every((v) => v === undefined)) return [];
    const avatar = userInfo.avatarUrl && /^https?:\/\//i.test(userInfo.avatarUrl) ? userInfo.avatarUrl : null;
    return [
      {
        kind: 'user',
        title: l('SUD user', 'SUD 用户'),
        initial: (userInfo.nickName || '?').slice(0, 1).toUpperCase(),
        facts: facts([
          [l('Nickname', '昵称'), text(userInfo.nickName) ?? DASH],
          [l('User ID', '用户 ID'), text(userInfo.uid) ?? DASH],
          [l('Gender', '性别'), gender(userInfo.gender)],
          [l('Robot', '机器人'), robot(userInfo.isAi, userInfo.aiLevel)],
          [l('Avatar', '头像'), avatar ? { kind: 'link', url: avatar, label: l('Open in browser', '在浏览器中打开') } : DASH],
        ]),
      },
    ];
  },
};
