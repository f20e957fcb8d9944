import { api } from '@linli/shared';
import { apiHandler, route } from '../lib/http';
import { db } from '../lib/db';
import { issueToken } from '../lib/tokens';
import { code2session } from '../lib/wechat';
import { UserModel, type UserDoc } from './user.model';

/** Shape of a user in API answers. */
export function userView(u: UserDoc) {
  return { id: u._id.toHexString(), nickname: u.nickname, createdAt: (u as unknown as { createdAt: Date }).createdAt.toISOString() };
}

const signIn = route(api.auth.wechatSignIn, async ({ body, now }) => {
  // The openid comes only from WeChat's answer, never from the client.
  const { openid, unionid } = await code2session(body.code);
  await db();
  const user = await UserModel.findOneAndUpdate(
    { openid },
    {
      $setOnInsert: { openid, nickname: `邻居${openid.slice(-4)}` },
      $set: { lastSignInAt: now, ...(unionid ? { unionid } : {}) },
    },
    { upsert: true, new: true },
  );
  const { token, expiresIn } = await issueToken(user._id.toHexString());
  return { token, expiresIn, user: userView(user) };
});

export const handler = apiHandler([signIn]);
