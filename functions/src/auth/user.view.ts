import type { UserDoc } from './user.model';

/** Shape of a user in API answers (never openid). */
export function userView(u: UserDoc) {
  return {
    id: u._id.toHexString(),
    nickname: u.nickname,
    workPhone: u.workPhone,
    createdAt: u.createdAt.toISOString(),
  };
}
