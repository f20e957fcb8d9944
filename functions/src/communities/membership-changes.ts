import { Types } from 'mongoose';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  membershipTransition,
  statusesAllowing,
  type GrantableRole,
  type JoinCommunityInput,
  type MembershipAction,
  type MembershipRefusal,
} from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { done, refused, type Outcome } from '../lib/outcome';
import { runOperation } from '../lib/operations';
import { phoneNumberFromCode } from '../lib/wechat';
import { BuildingModel, CommunityModel, GridModel, InviteCodeModel, MembershipModel, newMembershipDoc, type MembershipDoc } from './community.model';
import type { CommunityContext } from './community-context';
import { canOnCommunity } from './community.permissions';
import { inviteJoin } from './invite-join.operation';
import { syncMemberHousehold } from '../households/member-link';

// The moves on a membership, one named function each: join, leave, and staff's approve, reject, remove, move,
// grant and revoke a role. Each returns its outcome; the routes map refusals to answers (handler.ts).

export type ChangeRefusal = MembershipRefusal | 'not_found';

const HISTORY_TYPE: Record<MembershipAction, string> = {
  join: 'joined',
  approve: 'approved',
  reject: 'rejected',
  remove: 'removed',
  leave: 'left',
  move: 'moved',
  grant_role: 'role_granted',
  revoke_role: 'role_revoked',
};

/** Applies one state-machine move atomically: the update matches only if the membership is still in a state that allows it. */
async function applyMembershipChange(
  community: CommunityContext,
  membershipId: Types.ObjectId | string,
  action: MembershipAction,
  change: { actorId: Types.ObjectId; at: Date; note?: string; set?: Record<string, unknown>; extra?: Record<string, unknown> },
): Promise<Outcome<MembershipDoc, ChangeRefusal>> {
  const current = await community.scope.findById(MembershipModel, membershipId);
  if (!current) return refused('not_found');
  const t = membershipTransition(current.status, action);
  if (!t.ok) return refused(t.reason);
  const updated = await community.scope.findOneAndUpdate(
    MembershipModel,
    { _id: current._id, status: { $in: statusesAllowing(action) } },
    {
      $set: { status: t.to, ...(change.set ?? {}) },
      $push: { history: { type: HISTORY_TYPE[action], actorId: change.actorId, at: change.at, note: change.note } },
      ...(change.extra ?? {}),
    },
  );
  if (!updated) return refused(action === 'approve' || action === 'reject' ? 'not_pending' : 'already_gone');
  // The household register follows: approved or moved, the member is on their address's record; gone, on none.
  if (action !== 'grant_role' && action !== 'revoke_role') await syncMemberHousehold(updated);
  return done(updated);
}

/** A community always keeps an administrator: true when no other active admin would remain. */
async function lastAdmin(community: CommunityContext, membershipId: Types.ObjectId) {
  return (await community.scope.countDocuments(MembershipModel, { status: 'active', roles: 'admin', _id: { $ne: membershipId } })) === 0;
}

export type JoinRefusal = 'community_not_found' | 'bad_building' | 'bad_invite' | 'already_member';

/** A joined membership, once the household register says so (active: on their address's record). */
const linked = async (m: MembershipDoc) => {
  await syncMemberHousehold(m);
  return done(m);
};

/** 申请加入: pending until staff approve, unless the community needs no approval or an invite code is used. */
export async function joinCommunity(user: UserDoc, body: JoinCommunityInput, now: Date): Promise<Outcome<MembershipDoc, JoinRefusal>> {
  const community = await CommunityModel.findById(body.communityId);
  if (!community) return refused('community_not_found');
  const building = await BuildingModel.findOne({ _id: body.buildingId, communityId: community._id });
  if (!building) return refused('bad_building');

  const existing = await MembershipModel.findOne({ communityId: community._id, userId: user._id });
  const t = membershipTransition(existing?.status, 'join');
  if (!t.ok) return refused('already_member');

  const phone = body.phoneCode ? await phoneNumberFromCode(body.phoneCode) : body.phone;
  const member = { name: body.name, realName: body.realName, phone, household: { buildingId: building._id, unit: body.unit, room: body.room } };

  if (body.inviteCode) {
    const invite = await InviteCodeModel.findOne({ code: body.inviteCode, communityId: community._id });
    if (!invite || invite.revoked || invite.expiresAt <= now || invite.remaining <= 0) return refused('bad_invite');
    const outcome = await runOperation(inviteJoin, { communityId: community._id, userId: user._id, inviteCodeId: invite._id, member, at: now });
    if (!outcome.ok) return refused(outcome.reason === 'already_member' ? 'already_member' : 'bad_invite');
    return linked((await MembershipModel.findOne({ communityId: community._id, userId: user._id }))!);
  }

  const settings = { ...DEFAULT_COMMUNITY_SETTINGS, ...community.settings };
  const status = settings.joinRequiresApproval ? 'pending' : 'active';
  const set = { status, roles: status === 'active' ? ['resident'] : [], ...member, joinedAt: now, gridIds: [] };
  const entry = { type: 'joined', actorId: user._id, at: now, note: status === 'active' ? '无需审核，直接加入' : undefined };
  if (existing) {
    // Conditional on the state we checked: a concurrent join or approval makes this match nothing.
    const doc = await MembershipModel.findOneAndUpdate({ _id: existing._id, status: { $in: statusesAllowing('join') } }, { $set: set, $push: { history: entry } }, { new: true });
    return doc ? linked(doc) : refused('already_member');
  }
  try {
    return await linked(await MembershipModel.create(newMembershipDoc({ communityId: community._id, userId: user._id, ...member, status, roles: set.roles as MembershipDoc['roles'], joinedAt: now, history: [entry] })));
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return refused('already_member');
    throw err;
  }
}

/** 退出社区: the caller's own membership; the last admin hands over first. */
export async function leaveCommunity(user: UserDoc, community: CommunityContext, now: Date): Promise<Outcome<MembershipDoc, ChangeRefusal | 'not_member' | 'last_admin'>> {
  const m = community.membership;
  if (!m || !canOnCommunity('leave', { userId: user._id, roles: community.roles }, m)) return refused('not_member');
  if (m.roles.includes('admin') && (await lastAdmin(community, m._id))) return refused('last_admin');
  return applyMembershipChange(community, m._id, 'leave', { actorId: user._id, at: now });
}

/** 审核通过: the applicant becomes an active resident. */
export const approveMember = (user: UserDoc, community: CommunityContext, membershipId: string, now: Date) =>
  applyMembershipChange(community, membershipId, 'approve', { actorId: user._id, at: now, extra: { $addToSet: { roles: 'resident' } } });

/** 驳回: with a reason the applicant sees. */
export const rejectMember = (user: UserDoc, community: CommunityContext, membershipId: string, reason: string, now: Date) =>
  applyMembershipChange(community, membershipId, 'reject', { actorId: user._id, at: now, note: reason, set: { note: reason } });

/** 移出社区: with a reason; only an admin removes an admin, and never the last one. */
export async function removeMember(user: UserDoc, community: CommunityContext, membershipId: string, reason: string, now: Date): Promise<Outcome<MembershipDoc, ChangeRefusal | 'admin_only' | 'last_admin'>> {
  const target = await community.scope.findById(MembershipModel, membershipId);
  if (!target) return refused('not_found');
  if (!canOnCommunity('remove_member', { userId: user._id, roles: community.roles }, target)) return refused('admin_only');
  if (target.roles.includes('admin') && (await lastAdmin(community, target._id))) return refused('last_admin');
  return applyMembershipChange(community, target._id, 'remove', { actorId: user._id, at: now, note: reason, set: { note: reason } });
}

/** 变更住址: to a building of this community; the history keeps where from. */
export async function moveMember(
  user: UserDoc,
  community: CommunityContext,
  membershipId: string,
  to: { buildingId: string; unit: string; room: string },
  now: Date,
): Promise<Outcome<MembershipDoc, ChangeRefusal | 'bad_building'>> {
  const building = await community.scope.findById(BuildingModel, to.buildingId);
  if (!building) return refused('bad_building');
  const current = await community.scope.findById(MembershipModel, membershipId);
  if (!current) return refused('not_found');
  const from = current.household ? `${current.household.unit}单元${current.household.room}` : '无';
  return applyMembershipChange(community, current._id, 'move', {
    actorId: user._id,
    at: now,
    note: `${from} → ${building.name}${to.unit}单元${to.room}`,
    set: { household: { buildingId: building._id, unit: to.unit, room: to.room } },
  });
}

/** 授予角色 (admin); a grid worker gets the grids they serve, all of this community. */
export async function grantRole(
  user: UserDoc,
  community: CommunityContext,
  membershipId: string,
  body: { role: GrantableRole; gridIds?: string[] },
  now: Date,
): Promise<Outcome<MembershipDoc, ChangeRefusal | 'no_grids' | 'foreign_grids'>> {
  let set: Record<string, unknown> | undefined;
  if (body.role === 'grid_worker') {
    const gridIds = body.gridIds ?? [];
    if (gridIds.length === 0) return refused('no_grids');
    const grids = await community.scope.find(GridModel, { _id: { $in: gridIds } }).lean();
    if (grids.length !== new Set(gridIds).size) return refused('foreign_grids');
    set = { gridIds: grids.map((g) => g._id) };
  }
  return applyMembershipChange(community, membershipId, 'grant_role', { actorId: user._id, at: now, note: body.role, set, extra: { $addToSet: { roles: body.role } } });
}

/** 撤销角色 (admin); never the last admin's admin role. */
export async function revokeRole(user: UserDoc, community: CommunityContext, membershipId: string, role: GrantableRole, now: Date): Promise<Outcome<MembershipDoc, ChangeRefusal | 'last_admin'>> {
  const target = await community.scope.findById(MembershipModel, membershipId);
  if (!target) return refused('not_found');
  if (role === 'admin' && (await lastAdmin(community, target._id))) return refused('last_admin');
  return applyMembershipChange(community, target._id, 'revoke_role', {
    actorId: user._id,
    at: now,
    note: role,
    set: role === 'grid_worker' ? { gridIds: [] } : undefined,
    extra: { $pull: { roles: role } },
  });
}
