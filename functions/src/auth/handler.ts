import { api, stripForbiddenText } from '@linli/shared';
import { apiHandler, route } from '../api';
import { db } from '../lib/db';
import { issueToken } from '../lib/tokens';
import { code2session } from '../lib/wechat';
import { limitSignIn } from '../lib/rate-limit';
import { UserModel, newUserDoc } from './user.model';
import { userView } from './user.view';

const signIn = route(api.auth.wechatSignIn, async ({ body, now }) => {
  // Per person, not only per address (a hall shares one): a replayed code stops before it reaches WeChat.
  await limitSignIn('code', body.code);
  // The openid comes only from WeChat's answer, never from the client.
  const { openid, unionid } = await code2session(body.code);
  await limitSignIn('openid', openid);
  await db();
  // The default nickname is made from outside data, so it is cleaned rather than refused (common/text.ts): a real
  // openid is [A-Za-z0-9_-], but the local emulator takes any code as the openid, and a cut may split a pair.
  const nickname = `邻居${stripForbiddenText(openid.slice(-4), 'line')}`;
  const upsert = () =>
    UserModel.findOneAndUpdate(
      { openid },
      {
        $setOnInsert: newUserDoc({ openid, nickname }),
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
