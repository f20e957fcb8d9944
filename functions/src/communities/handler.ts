import { randomBytes, randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import { AuditModel } from '../lib/audit';
import { recomputeCareDue } from '../households/care-flags';
import { eraseAccount, exportAccount } from './account';
import { DEFAULT_COMMUNITY_SETTINGS, MEMBERSHIP_EVENT_LABELS, MEMBERSHIP_REFUSAL_MESSAGES, api, type CommunitySettings } from '@linli/shared';
import { apiHandler, route } from '../api';
import { db } from '../lib/db';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { runOperation } from '../lib/operations';
import { orRefuse } from '../lib/outcome';
import { checkText } from '../lib/wechat';
import type { CommunityContext } from './community-context';
import { UserModel, type UserDoc } from '../auth/user.model';
import { userView } from '../auth/user.view';
import { BuildingModel, CommunityModel, GridModel, InviteCodeModel, MembershipModel, StreetModel, newInviteCodeDoc, type InviteCodeDoc } from './community.model';
import { canOnCommunity } from './community.permissions';
import {
  approveMember,
  grantRole as grantMemberRole,
  joinCommunity,
  leaveCommunity,
  moveMember,
  rejectMember,
  removeMember,
  revokeRole as revokeMemberRole,
} from './membership-changes';
import { linksOf } from './user-links';
import { unitContextOf } from '../units/unit-context';
import { membershipView, membershipViews, type MembershipViewer } from './membership.view';

// The routes of communities: the caller's profile and memberships, joining and leaving, staff's work on members,
// settings, invite codes, the audit log. Membership moves are named use cases (membership-changes.ts); every
// refusal gets its answer here.

const refuse = (reason: keyof typeof MEMBERSHIP_REFUSAL_MESSAGES) => () => conflict(MEMBERSHIP_REFUSAL_MESSAGES[reason]);
const MEMBER_NOT_FOUND = () => notFound('成员不存在');
const LAST_ADMIN = () => conflict('社区至少需要保留一名管理员');
const BAD_BUILDING = () => validationFailed([{ path: 'buildingId', message: '请选择本社区的楼栋' }]);
/** The answers to a refused membership move (the state machine's reasons and a member that is not there). */
const CHANGE = {
  not_found: MEMBER_NOT_FOUND,
  already_member: refuse('already_member'),
  not_pending: refuse('not_pending'),
  not_active: refuse('not_active'),
  already_gone: refuse('already_gone'),
};

/** Staff acting in the community, as the membership views' `actions` see them. */
const staffViewer = (user: UserDoc, community: CommunityContext): MembershipViewer => ({ kind: 'staff', actor: { userId: user._id, roles: community.roles } });

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
  const admin = (streetId: Types.ObjectId) => streetRoles.some((r) => r.admin === true && r.streetId.equals(streetId));
  // The units the person works for, so the app shows the 单位工作台 (units/unit-context.ts).
  const { units } = await unitContextOf(user);
  return {
    user: userView(user),
    memberships: await membershipViews(memberships, { kind: 'self', userId: user._id }),
    streets: streets.map((s) => ({
      id: s._id.toHexString(),
      name: s.name,
      communityIds: streetCommunities.filter((c) => c.streetId.equals(s._id)).map((c) => c._id.toHexString()),
      admin: admin(s._id),
    })),
    units: units.map((u) => ({ id: u._id.toHexString(), name: u.name, type: u.type })),
    streetAdmin: streets.some((s) => admin(s._id)),
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
  const m = orRefuse(await joinCommunity(user, body, now), {
    community_not_found: () => notFound('社区不存在'),
    bad_building: BAD_BUILDING,
    bad_invite: () => validationFailed([{ path: 'inviteCode', message: '邀请码无效、已过期或已用完' }]),
    already_member: CHANGE.already_member,
  });
  return membershipView(m, { kind: 'self', userId: user._id });
});

const leave = route(api.communities.leave, async ({ user, community, now }) => {
  orRefuse(await leaveCommunity(user, community, now), { ...CHANGE, not_member: () => forbidden('您不是该社区的成员'), last_admin: LAST_ADMIN });
  return { ok: true as const };
});

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
  const next = { ...DEFAULT_COMMUNITY_SETTINGS, ...(updated!.settings as CommunitySettings) };
  // New visit intervals move flagged households on the 关爱探访 list.
  if (body.careVisitIntervals) await recomputeCareDue(community, next.careVisitIntervals);
  return next;
});

const listResidents = route(api.communities.listResidents, async ({ user, community, query }) => {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.cursor) {
    if (!/^[0-9a-f]{24}$/.test(query.cursor)) throw validationFailed([{ path: 'query.cursor', message: '分页参数不正确' }]);
    filter._id = { $lt: new Types.ObjectId(query.cursor) };
  }
  // A grid worker (without staff rights) sees the households of their own grids only.
  if (!canOnCommunity('see_every_household', { userId: user._id, roles: community.roles })) {
    const gridIds = community.membership?.gridIds ?? [];
    const buildings = await community.scope.find(BuildingModel, { gridId: { $in: gridIds } }).lean();
    filter['household.buildingId'] = { $in: buildings.map((b) => b._id) };
  }
  const docs = await community.scope.find(MembershipModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: await membershipViews(pageDocs, staffViewer(user, community), { masked: true }),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const approveResident = route(api.communities.approveResident, async ({ community, params, user, now }) =>
  membershipView(orRefuse(await approveMember(user, community, params.membershipId, now), CHANGE), staffViewer(user, community)),
);

const rejectResident = route(api.communities.rejectResident, async ({ community, params, user, body, now }) =>
  membershipView(orRefuse(await rejectMember(user, community, params.membershipId, body.reason, now), CHANGE), staffViewer(user, community)),
);

const removeResident = route(api.communities.removeResident, async ({ community, params, user, body, now }) => {
  const m = orRefuse(await removeMember(user, community, params.membershipId, body.reason, now), {
    ...CHANGE,
    admin_only: () => forbidden('只有管理员可以移出管理员'),
    last_admin: LAST_ADMIN,
  });
  return membershipView(m, staffViewer(user, community));
});

const moveResident = route(api.communities.moveResident, async ({ community, params, user, body, now }) =>
  membershipView(orRefuse(await moveMember(user, community, params.membershipId, body, now), { ...CHANGE, bad_building: BAD_BUILDING }), staffViewer(user, community)),
);

const grantRole = route(api.communities.grantRole, async ({ community, params, user, body, now }) => {
  const m = orRefuse(await grantMemberRole(user, community, params.membershipId, body, now), {
    ...CHANGE,
    no_grids: () => validationFailed([{ path: 'gridIds', message: '请选择网格员负责的网格' }]),
    foreign_grids: () => validationFailed([{ path: 'gridIds', message: '网格不属于本社区' }]),
  });
  return membershipView(m, staffViewer(user, community));
});

const revokeRole = route(api.communities.revokeRole, async ({ community, params, user, body, now }) =>
  membershipView(orRefuse(await revokeMemberRole(user, community, params.membershipId, body.role, now), { ...CHANGE, last_admin: LAST_ADMIN }), staffViewer(user, community)),
);

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
      const doc = await community.scope.create(
        InviteCodeModel,
        newInviteCodeDoc({ communityId: community.communityId, code: newCode(), maxUses: body.maxUses, expiresAt: new Date(now.getTime() + body.validDays * 86_400_000), createdBy: user._id }),
      );
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

const getResident = route(api.communities.getResident, async ({ user, community, params }) => {
  const m = await community.scope.findById(MembershipModel, params.membershipId);
  if (!m) throw MEMBER_NOT_FOUND();
  return membershipView(m, staffViewer(user, community));
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
