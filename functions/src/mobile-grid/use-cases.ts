/**
 * 流动网格员 applications, one named function per use case with explicit outcomes (handler.ts maps the refusals to
 * HTTP): apply (no membership needed), list and review (staff). Approval gives the role: on the applicant's membership
 * of the community, or on a new one that holds that role alone — no household, so none of a resident's powers
 * (filing as a resident, 议事, volunteering all rest on a household or the resident role).
 */
import { Types } from 'mongoose';
import { applicationStatus, mobileGridTransition, type ApplyMobileGridInput } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { CommunityModel, MembershipModel, newMembershipDoc, type MembershipDoc } from '../communities/community.model';
import type { CommunityContext } from '../communities/community-context';
import { isDuplicateKey } from '../lib/errors';
import { done, refused, type Outcome } from '../lib/outcome';
import { MessageModel, newMessageDoc } from '../messages/message.model';
import { MobileGridApplicationModel, newApplicationDoc, type MobileGridApplicationDoc } from './application.model';
import { canOnMobileGrid } from './mobile-grid.permissions';

/** Whether this membership gives the 流动网格员 role now. */
export const holdsMobileGrid = (m: Pick<MembershipDoc, 'status' | 'roles'> | null | undefined) => !!m && m.status === 'active' && m.roles.includes('mobile_grid');

/** 申请成为流动网格员: in any community, member or not; again after a rejection or a revocation, on the same record. */
export async function apply(user: UserDoc, body: ApplyMobileGridInput, now: Date): Promise<Outcome<MobileGridApplicationDoc, 'community_not_found' | 'already_applied'>> {
  const community = await CommunityModel.findById(body.communityId);
  if (!community) return refused('community_not_found');
  const communityId = community._id;
  const fields = { realName: body.realName, phone: body.phone, platform: body.platform, platformName: body.platform === 'other' ? body.platformName : undefined, area: body.area };
  const existing = await MobileGridApplicationModel.findOne({ communityId, userId: user._id });
  if (!existing) {
    try {
      return done(await MobileGridApplicationModel.create(newApplicationDoc({ communityId, userId: user._id, ...fields, status: 'pending', createdAt: now })));
    } catch (err) {
      // A concurrent application of the same person won the unique index.
      if (isDuplicateKey(err)) return refused('already_applied');
      throw err;
    }
  }
  const membership = await MembershipModel.findOne({ communityId, userId: user._id });
  const t = mobileGridTransition(applicationStatus(existing.status, holdsMobileGrid(membership)), 'apply');
  if (!t.ok) return refused('already_applied');
  const unset = Object.fromEntries(['note', 'reviewedAt', 'reviewerId', 'platformName', 'area'].filter((k) => fields[k as keyof typeof fields] === undefined).map((k) => [k, 1]));
  const set = Object.fromEntries(Object.entries({ ...fields, status: t.to, createdAt: now }).filter(([, v]) => v !== undefined));
  // Conditional on the status read: a concurrent second application (or a decision) makes this match nothing.
  const doc = await MobileGridApplicationModel.findOneAndUpdate({ _id: existing._id, status: existing.status }, { $set: set, $unset: unset }, { new: true });
  return doc ? done(doc) : refused('already_applied');
}

/** The caller's applications, in every community, newest first. */
export async function myApplications(user: UserDoc): Promise<MobileGridApplicationDoc[]> {
  return MobileGridApplicationModel.find({ userId: user._id }).sort({ _id: -1 }).limit(50);
}

/** A page of the community's applications for staff, newest first (by status: 待审核 first in the app). */
export async function listApplications(community: CommunityContext, query: { status?: string; cursor?: string; limit: number }) {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(MobileGridApplicationModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return { docs: pageDocs, nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null };
}

export type ReviewRefusal = 'not_found' | 'not_permitted' | 'not_pending' | 'membership_pending';

/**
 * 审核: a pending application becomes approved or rejected, once (the update is conditional on pending, so of two
 * reviewers deciding at once one wins and the other is told it was decided). Approval then gives the role. An
 * applicant whose joining as a resident is still pending is decided after it: approving now would either activate an
 * address nobody checked or leave a role that does nothing.
 */
export async function review(
  reviewer: UserDoc,
  community: CommunityContext,
  applicationId: string,
  decision: { approve: boolean; reason?: string },
  now: Date,
): Promise<Outcome<MobileGridApplicationDoc, ReviewRefusal>> {
  const app = await community.scope.findById(MobileGridApplicationModel, applicationId);
  if (!app) return refused('not_found');
  const move = decision.approve ? 'approve' : 'reject';
  if (!canOnMobileGrid(move, { userId: reviewer._id, roles: community.roles }, app)) return refused('not_permitted');
  const t = mobileGridTransition(app.status, move);
  if (!t.ok) return refused('not_pending');
  if (decision.approve && (await community.scope.findOne(MembershipModel, { userId: app.userId }))?.status === 'pending') return refused('membership_pending');
  const decided = await community.scope.findOneAndUpdate(
    MobileGridApplicationModel,
    { _id: app._id, status: 'pending' },
    { $set: { status: t.to, reviewedAt: now, reviewerId: reviewer._id, ...(decision.approve ? {} : { note: decision.reason }) } },
  );
  if (!decided) return refused('not_pending');
  if (decision.approve) await giveRole(community, decided, reviewer._id, now);
  await tellApplicant(community, decided, now);
  return done(decided);
}

/**
 * The applicant hears the decision in 消息 as well as on the apply page, which they may not open again for days.
 * Written after the decision (a fresh source id: the decision happens once per application round, and a failure here
 * loses a notice, never the decision or the role).
 */
async function tellApplicant(community: CommunityContext, app: MobileGridApplicationDoc, now: Date) {
  const approved = app.status === 'approved';
  await MessageModel.create(
    newMessageDoc({
      communityId: community.communityId,
      userId: app.userId,
      kind: approved ? 'mobile_grid_approved' : 'mobile_grid_rejected',
      title: approved ? '流动网格员申请已通过' : '流动网格员申请未通过',
      body: approved ? '您可以在社区任意位置随手上报发现的问题，感谢您参与网格治理' : `原因：${app.note ?? '未说明'}`,
      createdAt: now,
    }),
  );
}

/**
 * Gives the approved applicant the role, with a line in the membership's history: added to an active membership (or
 * a pending one, where it waits for the resident's approval, should they have joined since the check); a membership
 * that ended (rejected, removed, left) is active again holding this role alone, without the household it once named
 * (nobody vouches for it now); with none, a new active membership holds this role alone. Each write is conditional
 * on the status read, and a concurrent change is read again.
 */
async function giveRole(community: CommunityContext, app: MobileGridApplicationDoc, actorId: Types.ObjectId, now: Date): Promise<void> {
  const entry = { type: 'role_granted', actorId, at: now, note: 'mobile_grid' };
  for (let attempt = 0; attempt < 4; attempt++) {
    const m = await community.scope.findOne(MembershipModel, { userId: app.userId });
    if (!m) {
      try {
        await MembershipModel.create(
          newMembershipDoc({
            communityId: community.communityId,
            userId: app.userId,
            status: 'active',
            roles: ['mobile_grid'],
            name: app.realName,
            realName: app.realName,
            phone: app.phone,
            joinedAt: now,
            history: [{ type: 'joined', actorId: app.userId, at: app.createdAt, note: '申请成为流动网格员' }, entry],
          }),
        );
        return;
      } catch (err) {
        if (isDuplicateKey(err)) continue; // they joined meanwhile: add the role to that membership
        throw err;
      }
    }
    const update =
      m.status === 'active' || m.status === 'pending'
        ? { $addToSet: { roles: 'mobile_grid' }, $push: { history: entry } }
        : { $set: { status: 'active', roles: ['mobile_grid'], gridIds: [], realName: app.realName, phone: app.phone }, $unset: { household: 1, note: 1 }, $push: { history: entry } };
    if ((await community.scope.updateOne(MembershipModel, { _id: m._id, status: m.status }, update)).matchedCount) return;
  }
  throw new Error(`membership of ${app.userId.toHexString()} kept changing while granting mobile_grid`);
}
