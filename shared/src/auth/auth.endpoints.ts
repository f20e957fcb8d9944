import { endpoint } from '../common/api';
import { SignInResult, WechatSignInInput } from './auth.schema';

export const authEndpoints = {
  wechatSignIn: endpoint({
    id: 'auth.wechatSignIn',
    method: 'POST',
    path: '/api/auth/wechat',
    summary: '微信登录：用 wx.login 的 code 换取令牌',
    access: 'public',
    body: WechatSignInInput,
    output: SignInResult,
  }),
};
