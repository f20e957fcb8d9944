import * as z from 'zod';
import { Id } from '../common/ids';

/** The signed-in user as the API shows them (never openid or session_key). */
export const User = z.object({
  id: Id,
  nickname: z.string(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const WechatSignInInput = z
  .object({
    /** One-time code from wx.login. */
    code: z.string().min(1).max(128),
  })
  .strict();
export type WechatSignInInput = z.infer<typeof WechatSignInInput>;

export const SignInResult = z.object({
  token: z.string(),
  /** Seconds until the token expires; the app signs in again after that. */
  expiresIn: z.number().int(),
  user: User,
});
export type SignInResult = z.infer<typeof SignInResult>;
