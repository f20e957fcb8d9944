import { api } from '@linli/shared';
import { apiHandler, route } from '../lib/http';
import { db } from '../lib/db';
import { issueToken } from '../lib/tokens';
import { code2session } from '../lib/wechat';
import { UserModel } from './user.model';
import { userView } from './user.view';
import { NEW_USER_LINKS } from '../communities/user-links';

const signIn = route(api.auth.wechatSignIn, async ({ body, now }) => {
  // The openid comes only from WeChat's answer, never from the client.
  const { openid, unionid } = await code2session(body.code);
  await db();
  const upsert = () =>
    UserModel.findOneAndUpdate(
      { openid },
      {
        $setOnInsert: { openid, nickname: `邻居${openid.slice(-4)}`, ...NEW_USER_LINKS },
        $set: { lastSignInAt: now, ...(unionid ? { unionid } : {}) },
      },
      { upsert: true, new: true },
    );
  // Two first sign-ins at once: both upserts try to insert, the unique openid index lets one win,
  // and the other then finds that user.
  const user = await upsert().catch((err: { code?: number }) => (err.code === 11000 ? upsert() : Promise.reject(err)));
  const { token, expiresIn } = await issueToken(user._id.toHexString());
  return { token, expiresIn, user: userView(user) };
});

export const handler = apiHandler([signIn]);
