import { randomBytes, randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { AuditModel } from '../lib/audit';
import { eraseAccount, exportAccount } from './account';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  MEMBERSHIP_EVENT_LABELS,
  MEMBERSHIP_REFUSAL_MESSAGES,
  api,
  hasAnyRole,
  membershipTransition,
  statusesAllowing,
  type CommunitySettings,
  type MembershipAction,
} from '@linli/shared';
import { apiHandler, route } from '../api';
import { db } from '../lib/db';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { runOperation } from '../lib/operations';
import { checkText, phoneNumberFromCode } from '../lib/wechat';
import type { CommunityContext } from './community-context';
import { UserModel, type UserDoc } from '../auth/user.model';
import { userView } from '../auth/user.view';
import {
  BuildingModel,
  CommunityModel,
  GridModel,
  InviteCodeModel,
  MembershipModel,
  StreetModel,
  type InviteCodeDoc,
  type MembershipDoc,
} from './community.model';
import { inviteJoin } from './invite-join.operation';
import { linksOf } from './user-links';
import { membershipView, membershipViews } from './membership.view';

const refuse = (reason: keyof typeof MEMBERSHIP_REFUSAL_MESSAGES) => conflict(MEMBERSHIP_REFUSAL_MESSAGES[reason]);

async function meView(user: UserDoc) {
  const links = await linksOf(user);
  const memberships = links.memberships.filter((m) => m.status !== 'left').sort((a, b) => a.joinedAt.getTime() - b.joinedAt.getTime());
  const streetRoles = links.streetRoles;
  const streetIds = streetRoles.map((s) => s.streetId);
  const [streets, streetCommunities] = streetIds.length
    ? await Promise.all([
        StreetModel.find({ _id: { $in: streetIds } }).lean(),
        CommunityModel.find({ streetId: { $in: streetIds } }, { streetId: 1 }).lean(),
      ])
    : [[], []];
  return {
    user: userView(user),
    memberships: await membershipViews(memberships),
    streets: streets.map((s) => ({
      id: s._id.toHexString(),
      name: s.name,
      communityIds: streetCommunities.filter((c) => c.streetId.equals(s._id)).map((c) => c._id.toHexString()),
    })),
  };
}

const me = route(api.communities.me, async ({ user }) => meView(user));

const updateMe = route(api.communities.updateMe, async ({ user, body }) => {
  if (body.nickname !== undefined && (await checkText(body.nickname, user.openid, 1)) === 'risky')
    throw validationFailed([{ path: 'nickname', message: '昵称包含不适宜的内容，请修改' }]);
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  if (body.nickname !== undefined) $set.nickname = body.nickname;
  if (body.workPhone) $set.workPhone = body.workPhone;
  else if (body.workPhone === '') $unset.workPhone = 1;
  const updated = await UserModel.findByIdAndUpdate(user._id, { $set, $unset }, { new: true });
  return meView(updated!);
});

function escapeRegex(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const listCommunities = route(api.communities.listCommunities, async ({ query }) => {
  await db();
  const filter = query.q ? { name: { $regex: escapeRegex(query.q) } } : {};
  const [communities, streets] = await Promise.all([CommunityModel.find(filter).sort({ name: 1 }).limit(100).lean(), StreetModel.find().lean()]);
  const streetName = new Map(streets.map((s) => [s._id.toHexString(), s.name]));
  return {
    items: communities.map((c) => ({
      id: c._id.toHexString(),
      code: c.code,
      name: c.name,
      streetId: c.streetId.toHexString(),
      streetName: streetName.get(c.streetId.toHexString()) ?? '',
    })),
  };
});

const getCommunity = route(api.communities.getCommunity, async ({ params }) => {
  await db();
  const c = await CommunityModel.findById(params.communityId).lean();
  if (!c) throw notFound('社区不存在');
  const [street, grids, buildings] = await Promise.all([
    StreetModel.findById(c.streetId).lean(),
    GridModel.find({ communityId: c._id }).sort({ name: 1 }).lean(),
    BuildingModel.find({ communityId: c._id }).sort({ name: 1 }).lean(),
  ]);
  return {
    id: c._id.toHexString(),
    code: c.code,
    name: c.name,
    streetId: c.streetId.toHexString(),
    streetName: street?.name ?? '',
    grids: grids.map((g) => ({ id: g._id.toHexString(), name: g.name })),
    buildings: buildings.map((b) => ({ id: b._id.toHexString(), name: b.name, gridId: b.gridId.toHexString(), households: b.households })),
    announcement: ({ ...DEFAULT_COMMUNITY_SETTINGS, ...c.settings } as CommunitySettings).announcement,
  };
});

const join = route(api.communities.join, async ({ user, body, now }) => {
  const community = await CommunityModel.findById(body.communityId);
  if (!community) throw notFound('社区不存在');
  const building = await BuildingModel.findOne({ _id: body.buildingId, communityId: community._id });
  if (!building) throw validationFailed([{ path: 'buildingId', message: '请选择本社区的楼栋' }]);

  const existing = await MembershipModel.findOne({ communityId: community._id, userId: user._id });
  const t = membershipTransition(existing?.status, 'join');
  if (!t.ok) throw refuse(t.reason);

  const phone = body.phoneCode ? await phoneNumberFromCode(body.phoneCode) : body.phone;
  const member = {
    name: body.name,
    realName: body.realName,
    phone,
    household: { buildingId: building._id, unit: body.unit, room: body.room },
  };

  if (body.inviteCode) {
    const invite = await InviteCodeModel.findOne({ code: body.inviteCode, communityId: community._id });
    if (!invite || invite.revoked || invite.expiresAt <= now || invite.remaining <= 0)
      throw validationFailed([{ path: 'inviteCode', message: '邀请码无效、已过期或已用完' }]);
    const outcome = await runOperation(inviteJoin, { communityId: community._id, userId: user._id, inviteCodeId: invite._id, member, at: now });
    if (!outcome.ok) {
      if (outcome.reason === 'already_member') throw refuse('already_member');
      throw validationFailed([{ path: 'inviteCode', message: '邀请码无效、已过期或已用完' }]);
    }
    return membershipView((await MembershipModel.findOne({ communityId: community._id, userId: user._id }))!);
  }

  const settings = { ...DEFAULT_COMMUNITY_SETTINGS, ...community.settings };
  const status = settings.joinRequiresApproval ? 'pending' : 'active';
  const set = { status, roles: status === 'active' ? ['resident'] : [], ...member, joinedAt: now, gridIds: [] };
  const entry = { type: 'joined', actorId: user._id, at: now, note: status === 'active' ? '无需审核，直接加入' : undefined };
  let doc: MembershipDoc | null;
  if (existing) {
    // Conditional on the state we checked: a concurrent join or approval makes this match nothing.
    doc = await MembershipModel.findOneAndUpdate(
      { _id: existing._id, status: { $in: statusesAllowing('join') } },
      { $set: set, $push: { history: entry } },
      { new: true },
    );
    if (!doc) throw refuse('already_member');
  } else {
    try {
      doc = await MembershipModel.create({ communityId: community._id, userId: user._id, history: [entry], ...set });
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw refuse('already_member');
      throw err;
    }
  }
  return membershipView(doc);
});

const leave = route(api.communities.leave, async ({ user, community, now }) => {
  const m = community.membership;
  if (!m) throw forbidden('您不是该社区的成员');
  if (m.roles.includes('admin')) await ensureNotLastAdmin(community, m._id);
  await applyMembershipChange(community, m._id, 'leave', { actorId: user._id, at: now });
  return { ok: true as const };
});

/** Applies one state-machine move atomically: the update matches only if the membership is still in a state that allows it. */
async function applyMembershipChange(
  community: CommunityContext,
  membershipId: Types.ObjectId | string,
  action: MembershipAction,
  change: { actorId: Types.ObjectId; at: Date; note?: string; set?: Record<string, unknown>; extra?: Record<string, unknown> },
): Promise<MembershipDoc> {
  const current = await community.scope.findById(MembershipModel, membershipId);
  if (!current) throw notFound('成员不存在');
  const t = membershipTransition(current.status, action);
  if (!t.ok) throw refuse(t.reason);
  const type = { join: 'joined', approve: 'approved', reject: 'rejected', remove: 'removed', leave: 'left', move: 'moved', grant_role: 'role_granted', revoke_role: 'role_revoked' }[action];
  const updated = await community.scope.findOneAndUpdate(
    MembershipModel,
    { _id: current._id, status: { $in: statusesAllowing(action) } },
    {
      $set: { status: t.to, ...(change.set ?? {}) },
      $push: { history: { type, actorId: change.actorId, at: change.at, note: change.note } },
      ...(change.extra ?? {}),
    },
  );
  if (!updated) throw refuse(action === 'approve' || action === 'reject' ? 'not_pending' : 'already_gone');
  return updated;
}

async function ensureNotLastAdmin(community: CommunityContext, membershipId: Types.ObjectId) {
  const admins = await community.scope.countDocuments(MembershipModel, { status: 'active', roles: 'admin', _id: { $ne: membershipId } });
  if (admins === 0) throw conflict('社区至少需要保留一名管理员');
}

const settings = route(api.communities.getSettings, async ({ community }) => ({
  ...DEFAULT_COMMUNITY_SETTINGS,
  ...community.community.settings,
}));

const updateSettings = route(api.communities.updateSettings, async ({ community, body, audit }) => {
  audit.before = { ...DEFAULT_COMMUNITY_SETTINGS, ...community.community.settings };
  const $set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (v !== undefined) $set[`settings.${k}`] = v;
  const updated = Object.keys($set).length
    ? await CommunityModel.findOneAndUpdate({ _id: community.communityId }, { $set }, { new: true })
    : community.community;
  return { ...DEFAULT_COMMUNITY_SETTINGS, ...(updated!.settings as CommunitySettings) };
});

const listResidents = route(api.communities.listResidents, async ({ community, query }) => {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.cursor) {
    if (!/^[0-9a-f]{24}$/.test(query.cursor)) throw validationFailed([{ path: 'query.cursor', message: '分页参数不正确' }]);
    filter._id = { $lt: new Types.ObjectId(query.cursor) };
  }
  // A grid worker (without staff rights) sees the households of their own grids only.
  if (!hasAnyRole(community.roles, ['staff', 'street_staff'])) {
    const gridIds = community.membership?.gridIds ?? [];
    const buildings = await community.scope.find(BuildingModel, { gridId: { $in: gridIds } }).lean();
    filter['household.buildingId'] = { $in: buildings.map((b) => b._id) };
  }
  const docs = await community.scope.find(MembershipModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: await membershipViews(pageDocs, { masked: true }),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const approveResident = route(api.communities.approveResident, async ({ community, params, user, now }) =>
  membershipView(
    await applyMembershipChange(community, params.membershipId, 'approve', {
      actorId: user._id,
      at: now,
      extra: { $addToSet: { roles: 'resident' } },
    }),
  ),
);

const rejectResident = route(api.communities.rejectResident, async ({ community, params, user, body, now }) =>
  membershipView(await applyMembershipChange(community, params.membershipId, 'reject', { actorId: user._id, at: now, note: body.reason, set: { note: body.reason } })),
);

const removeResident = route(api.communities.removeResident, async ({ community, params, user, body, now }) => {
  const target = await community.scope.findById(MembershipModel, params.membershipId);
  if (!target) throw notFound('成员不存在');
  if (target.roles.includes('admin')) {
    if (!community.roles.includes('admin')) throw forbidden('只有管理员可以移出管理员');
    await ensureNotLastAdmin(community, target._id);
  }
  return membershipView(await applyMembershipChange(community, target._id, 'remove', { actorId: user._id, at: now, note: body.reason, set: { note: body.reason } }));
});

const moveResident = route(api.communities.moveResident, async ({ community, params, user, body, now }) => {
  const building = await community.scope.findById(BuildingModel, body.buildingId);
  if (!building) throw validationFailed([{ path: 'buildingId', message: '请选择本社区的楼栋' }]);
  const current = await community.scope.findById(MembershipModel, params.membershipId);
  if (!current) throw notFound('成员不存在');
  const from = current.household ? `${current.household.unit}单元${current.household.room}` : '无';
  return membershipView(
    await applyMembershipChange(community, current._id, 'move', {
      actorId: user._id,
      at: now,
      note: `${from} → ${building.name}${body.unit}单元${body.room}`,
      set: { household: { buildingId: building._id, unit: body.unit, room: body.room } },
    }),
  );
});

const grantRole = route(api.communities.grantRole, async ({ community, params, user, body, now }) => {
  let set: Record<string, unknown> | undefined;
  if (body.role === 'grid_worker') {
    const gridIds = body.gridIds ?? [];
    if (gridIds.length === 0) throw validationFailed([{ path: 'gridIds', message: '请选择网格员负责的网格' }]);
    const grids = await community.scope.find(GridModel, { _id: { $in: gridIds } }).lean();
    if (grids.length !== new Set(gridIds).size) throw validationFailed([{ path: 'gridIds', message: '网格不属于本社区' }]);
    set = { gridIds: grids.map((g) => g._id) };
  }
  return membershipView(
    await applyMembershipChange(community, params.membershipId, 'grant_role', {
      actorId: user._id,
      at: now,
      note: body.role,
      set,
      extra: { $addToSet: { roles: body.role } },
    }),
  );
});

const revokeRole = route(api.communities.revokeRole, async ({ community, params, user, body, now }) => {
  const target = await community.scope.findById(MembershipModel, params.membershipId);
  if (!target) throw notFound('成员不存在');
  if (body.role === 'admin') await ensureNotLastAdmin(community, target._id);
  return membershipView(
    await applyMembershipChange(community, target._id, 'revoke_role', {
      actorId: user._id,
      at: now,
      note: body.role,
      set: body.role === 'grid_worker' ? { gridIds: [] } : undefined,
      extra: { $pull: { roles: body.role } },
    }),
  );
});

const residentEvents = route(api.communities.residentEvents, async ({ community, params }) => {
  const m = await community.scope.findById(MembershipModel, params.membershipId).lean();
  if (!m) throw notFound('成员不存在');
  const actorIds = [...new Set(m.history.map((h) => h.actorId.toHexString()))];
  const actors = await UserModel.find({ _id: { $in: actorIds } }, { nickname: 1 }).lean();
  const names = await community.scope.find(MembershipModel, { userId: { $in: actorIds } }, ).select({ userId: 1, name: 1 }).lean();
  const nameOf = (id: string) =>
    names.find((n) => n.userId.toHexString() === id)?.name ?? actors.find((a) => a._id.toHexString() === id)?.nickname ?? '';
  return {
    items: m.history.map((h) => ({
      id: h._id.toHexString(),
      membershipId: m._id.toHexString(),
      type: h.type as keyof typeof MEMBERSHIP_EVENT_LABELS,
      actorId: h.actorId.toHexString(),
      actorName: nameOf(h.actorId.toHexString()),
      at: h.at.toISOString(),
      note: h.note ?? undefined,
    })),
  };
});

// Letters and digits without look-alikes (0/O, 1/I) so a code read aloud or typed by an elderly resident works.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

function inviteView(i: InviteCodeDoc) {
  return {
    id: i._id.toHexString(),
    code: i.code,
    maxUses: i.maxUses,
    usedCount: i.maxUses - i.remaining,
    expiresAt: i.expiresAt.toISOString(),
    revoked: i.revoked,
    createdAt: i.createdAt.toISOString(),
  };
}

const createInviteCode = route(api.communities.createInviteCode, async ({ community, user, body, now }) => {
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await community.scope.create(InviteCodeModel, {
        code: newCode(),
        maxUses: body.maxUses,
        remaining: body.maxUses,
        appliedOps: [],
        expiresAt: new Date(now.getTime() + body.validDays * 86_400_000),
        revoked: false,
        createdBy: user._id,
      });
      return inviteView(doc);
    } catch (err) {
      // A code collision is astronomically rare; the unique index catches it and we draw again.
      if ((err as { code?: number }).code !== 11000 || attempt >= 3) throw err;
    }
  }
});

const listInviteCodes = route(api.communities.listInviteCodes, async ({ community }) => ({
  items: (await community.scope.find(InviteCodeModel).sort({ createdAt: -1 }).limit(100)).map(inviteView),
}));

const revokeInviteCode = route(api.communities.revokeInviteCode, async ({ community, params }) => {
  const doc = await community.scope.findOneAndUpdate(InviteCodeModel, { _id: params.inviteCodeId }, { $set: { revoked: true } });
  if (!doc) throw notFound('邀请码不存在');
  return inviteView(doc);
});

const getResident = route(api.communities.getResident, async ({ community, params }) => {
  const m = await community.scope.findById(MembershipModel, params.membershipId);
  if (!m) throw notFound('成员不存在');
  return membershipView(m);
});

const exportMe = route(api.communities.exportMe, async ({ user }) => JSON.parse(JSON.stringify(await exportAccount(user!))));

const deleteMe = route(api.communities.deleteMe, async ({ user }) => {
  // A community must keep an administrator: the last one hands over first.
  for (const m of await MembershipModel.find({ userId: user!._id, status: 'active', roles: 'admin' }).lean()) {
    const others = await MembershipModel.countDocuments({ communityId: m.communityId, status: 'active', roles: 'admin', userId: { $ne: user!._id } });
    if (others === 0) throw conflict('您是社区唯一的管理员，请先将管理员身份移交他人再注销');
  }
  const outcome = await runOperation(eraseAccount, { userId: user!._id.toHexString() });
  if (!outcome.ok) throw conflict('注销未完成，请稍后重试');
  return { deleted: true as const };
});

const auditLog = route(api.communities.auditLog, async ({ community, query }) => {
  const filter: Record<string, unknown> = {};
  if (query.action) filter.action = query.action;
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(AuditModel, filter).sort({ _id: -1 }).limit(query.limit + 1).lean();
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: pageDocs.map((a) => ({
      id: a._id.toHexString(),
      at: a.at.toISOString(),
      actorName: a.actorName,
      actorRoles: a.actorRoles,
      action: a.action,
      target: a.target as Record<string, string> | undefined,
      before: a.before,
      after: a.after,
      status: a.status,
    })),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

/** A 12345 platform's key for this community's Open311 API: replaced, shown once, never readable again. */
const rotateOpen311Key = route(api.communities.rotateOpen311Key, async ({ community, audit }) => {
  audit.before = { hadKey: !!community.community.open311ApiKey };
  const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
  await CommunityModel.updateOne({ _id: community.communityId }, { $set: { open311ApiKey: apiKey } });
  return { apiKey };
});

export const handler = apiHandler([
  me,
  updateMe,
  listCommunities,
  getCommunity,
  join,
  leave,
  settings,
  updateSettings,
  listResidents,
  approveResident,
  rejectResident,
  removeResident,
  moveResident,
  grantRole,
  revokeRole,
  residentEvents,
  createInviteCode,
  listInviteCodes,
  revokeInviteCode,
  auditLog,
  rotateOpen311Key,
  getResident,
  exportMe,
  deleteMe,
]);
