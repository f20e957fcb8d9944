import { Types } from 'mongoose';
import {
  AUTO_CLOSE_DAYS,
  DEFAULT_COMMUNITY_SETTINGS,
  OPEN_STATUSES,
  RATING_LEVEL_LABELS,
  REQUEST_REFUSAL_MESSAGES,
  api,
  hasAnyRole,
  requestDeadlines,
  ratedSatisfied,
  ratingLevel,
  requestTransition,
  shanghaiMonth,
  type CommunitySettings,
  type RequestAction,
  type NoteAudience,
  type RequestActionInput,
  type Role,
} from '@linli/shared';
import { apiHandler, route } from '../api';
import { ApiError, conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { checkText } from '../lib/wechat';
import { displayName, type CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { ON_BEHALF_NOTE, RequestModel, type RequestDoc } from './request.model';
import { canOnRequest, handles, type RequestActor, type RequestPermission } from './request.permissions';
import { requestViews } from './request.view';
import { audienceOf, sees } from './request.visibility';
import { attachPhotos } from '../uploads/photos';
import { PhotoModel } from '../uploads/photo.model';
import { deliverOutbox, outboxEntry, summary } from './notify';
import { countRequestChange } from './request-stats';
import { REQUEST_LEVEL_LABELS } from '@linli/shared';

function actorOf(user: UserDoc, community: CommunityContext): RequestActor {
  return { userId: user._id, roles: community.roles, gridIds: community.membership?.gridIds ?? [] };
}

/** The role someone acts in on this request, as the timeline shows it. */
function actingRole(actor: RequestActor, r: RequestDoc): Role {
  if (!handles(actor, r)) return 'resident';
  if (hasAnyRole(actor.roles, ['staff'])) return 'staff';
  if (actor.roles.includes('grid_worker')) return 'grid_worker';
  return 'street_staff';
}

function settingsOf(community: CommunityContext): CommunitySettings {
  return { ...DEFAULT_COMMUNITY_SETTINGS, ...community.community.settings };
}

/** User text goes through WeChat content security before it is stored (scene 2: comments). */
async function screenText(text: string, user: UserDoc, field: string): Promise<'pass' | 'review'> {
  const verdict = await checkText(text, user.openid, 2);
  if (verdict === 'risky') throw new ApiError('CONTENT_REJECTED', undefined, [{ path: field, message: '内容包含不适宜发布的信息' }]);
  return verdict;
}

/** Loads a request the actor may see; anything else is 404, with no hint that it exists. */
async function loadVisible(community: CommunityContext, actor: RequestActor, id: string) {
  const doc = await community.scope.findById(RequestModel, id);
  if (!doc || !canOnRequest('view', actor, doc)) throw notFound('诉求不存在');
  return doc;
}

function require(permission: RequestPermission, actor: RequestActor, r: RequestDoc) {
  if (!canOnRequest(permission, actor, r)) throw forbidden('您无权对该诉求进行此操作');
}

const create = route(api.requests.create, async ({ user, community, body, now }) => {
  const actor = actorOf(user, community);
  const onBehalf = body.onBehalfOf;
  if (onBehalf && !hasAnyRole(community.roles, ['staff', 'grid_worker'])) throw forbidden('只有网格员和社区工作者可以代办');
  const membership = community.membership;
  const buildingId = body.location?.buildingId ?? onBehalf?.buildingId ?? membership?.household?.buildingId;
  let building = null;
  if (buildingId) {
    building = await community.scope.findById(BuildingModel, buildingId);
    if (!building) throw validationFailed([{ path: body.location?.buildingId ? 'location.buildingId' : 'onBehalfOf.buildingId', message: '请选择本社区的楼栋' }]);
  }
  const contentStatus = await screenText([body.title, body.description].filter(Boolean).join('\n'), user, 'description');
  const requestId = new Types.ObjectId();
  const trusted = !!onBehalf || hasAnyRole(community.roles, ['staff']);
  const badPhoto = await attachPhotos(body.photoKeys ?? [], community.communityId, user._id, requestId, user.openid, trusted);
  if (badPhoto !== null) throw validationFailed([{ path: `photoKeys.${badPhoto}`, message: '照片未上传成功或不属于您，请重新上传' }]);
  if (body.voiceKey && (await attachPhotos([body.voiceKey], community.communityId, user._id, requestId, user.openid, trusted, 'request', 'voice')) !== null)
    throw validationFailed([{ path: 'voiceKey', message: '语音未上传成功，请重新录制' }]);
  const urgency = body.urgency ?? 'normal';
  const deadlines = requestDeadlines('grid', urgency, now, settingsOf(community).requestDeadlines);
  const household = onBehalf
    ? { buildingId: building!._id, unit: onBehalf.unit, room: onBehalf.room }
    : membership?.household;
  const doc = await community.scope.create(RequestModel, {
    _id: requestId,
    category: body.category,
    title: body.title,
    description: body.description ?? '',
    buildingId: building?._id,
    gridId: building?.gridId,
    address: body.location?.address,
    place: body.location?.place,
    lat: body.location?.lat,
    lng: body.location?.lng,
    photoKeys: body.photoKeys ?? [],
    voiceKey: body.voiceKey,
    anonymous: body.anonymous ?? false,
    urgency,
    filerId: onBehalf ? undefined : user._id,
    filerName: onBehalf ? onBehalf.name : membership?.name ?? user.nickname,
    household,
    filedBy: user._id,
    onBehalf: !!onBehalf,
    // Whom handlers may call lives on the request where only they see it (request.visibility.ts), never in a note:
    // the 代办 contact, or the filer's phone if they agreed to be called.
    contactPhone: onBehalf ? onBehalf.phone : body.phoneConsent !== false ? (membership?.phone ?? undefined) : undefined,
    phoneConsent: onBehalf ? true : body.phoneConsent !== false,
    status: 'submitted',
    level: 'grid',
    levelSince: now,
    reopenCount: 0,
    respondBy: deadlines.respondBy,
    resolveBy: deadlines.resolveBy,
    responseOutcome: 'pending',
    followers: onBehalf ? [] : [user._id],
    meTooCount: 0,
    public: false,
    contentStatus,
    ratings: [],
    rev: 0,
    month: shanghaiMonth(now),
    ratingCount: 0,
    satisfiedCount: 0,
    outbox: [outboxEntry('new_request', 'handlers', '新的居民诉求', summary(body), now, user._id)],
    timeline: [
      {
        _id: new Types.ObjectId(),
        type: 'submitted',
        actorId: user._id,
        actorRole: onBehalf ? (hasAnyRole(community.roles, ['staff']) ? 'staff' : 'grid_worker') : 'resident',
        at: now,
        note: onBehalf ? ON_BEHALF_NOTE : undefined,
        audience: onBehalf ? 'filer' : undefined,
      },
    ],
  });
  // Notices, counters and the view are independent reads and writes after the save: all in parallel, so a database
  // that goes away right after the save costs one server-selection wait, not one per step (faults.test.ts).
  const [, views] = await Promise.all([Promise.all([deliverOutbox(doc), countRequestChange(doc)]), requestViews([doc], actor, true)]);
  return views[0]!;
});

const list = route(api.requests.list, async ({ user, community, query }) => {
  const actor = actorOf(user, community);
  const filter: Record<string, unknown> = {};
  if (query.scope === 'mine') filter.filerId = user._id;
  else if (query.scope === 'assigned') filter.assigneeId = user._id;
  else if (!hasAnyRole(community.roles, ['staff'])) {
    // Each handler sees their part of the community; everyone else only what staff made public.
    const or: Record<string, unknown>[] = [];
    if (community.roles.includes('grid_worker')) or.push({ gridId: { $in: actor.gridIds } });
    if (community.roles.includes('street_staff')) or.push({ level: 'street' });
    if (or.length === 0) or.push({ public: true, contentStatus: 'pass' });
    filter.$or = or;
  }
  if (query.status) filter.status = query.status;
  if (query.category) filter.category = query.category;
  if (query.gridId) filter.gridId = new Types.ObjectId(query.gridId);
  if (query.review) filter.$and = [{ $or: [{ contentStatus: 'review' }, { 'timeline.hidden': true }] }];
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(RequestModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: await requestViews(pageDocs, actor, false),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const DUPLICATE_WINDOW_MS = 30 * 86_400_000;

/**
 * Open requests of the same category in a building, before filing. Only what is safe for anyone in the community:
 * category, building, age, status and the number of 我也遇到 — and the words only where the caller may read them
 * (staff made the request public, or it is the caller's own or handled by them). `joinable` says where me-too
 * is possible: exactly the requests the caller may see.
 */
const similar = route(api.requests.similar, async ({ user, community, query, now }) => {
  const actor = actorOf(user, community);
  const buildingId = query.buildingId ?? community.membership?.household?.buildingId?.toHexString();
  if (!buildingId) return { items: [] };
  const docs = await community.scope
    .find(RequestModel, {
      buildingId: new Types.ObjectId(buildingId),
      category: query.category,
      createdAt: { $gte: new Date(now.getTime() - DUPLICATE_WINDOW_MS) },
      status: { $in: [...OPEN_STATUSES] },
      contentStatus: 'pass',
    })
    .sort({ createdAt: -1 })
    .limit(10)
    .lean();
  return {
    items: docs.map((d) => {
      const audience = audienceOf({ kind: 'member', actor }, d as unknown as RequestDoc);
      return {
        id: d._id.toHexString(),
        category: d.category,
        buildingId: d.buildingId?.toHexString(),
        excerpt: sees(audience, 'text') ? (d.description || '（语音诉求）').slice(0, 30) : undefined,
        createdAt: d.createdAt.toISOString(),
        status: d.status,
        meTooCount: d.meTooCount,
        joinable: audience !== 'none',
      };
    }),
  };
});

const replyTemplates = route(api.requests.replyTemplates, async ({ community }) => ({ items: settingsOf(community).replyTemplates }));

const get = route(api.requests.get, async ({ user, community, params }) => {
  const actor = actorOf(user, community);
  const doc = await loadVisible(community, actor, params.requestId);
  return (await requestViews([doc], actor, true))[0]!;
});

/** Applies a change conditional on the revision read; a concurrent change makes us re-read and re-decide. */
async function change(
  community: CommunityContext,
  actor: RequestActor,
  id: string,
  decide: (doc: RequestDoc) => Promise<{ $set?: Record<string, unknown>; $push?: Record<string, unknown>; $inc?: Record<string, number> }>,
): Promise<RequestDoc> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const doc = await loadVisible(community, actor, id);
    const update = await decide(doc);
    const updated = await community.scope.findOneAndUpdate(RequestModel, { _id: doc._id, rev: doc.rev }, { ...update, $inc: { ...update.$inc, rev: 1 } });
    if (updated) {
      await Promise.all([deliverOutbox(updated), countRequestChange(updated)]);
      return updated;
    }
  }
  throw conflict('该诉求正在被他人处理，请刷新后重试');
}

/** After the rating period a resolved request counts as closed, whether or not the job has run yet. */
function refuseAfterRatingPeriod(doc: RequestDoc, now: Date) {
  if (doc.status === 'resolved' && doc.resolvedAt && now.getTime() - doc.resolvedAt.getTime() > AUTO_CLOSE_DAYS * 86_400_000)
    throw conflict(`办结已超过${AUTO_CLOSE_DAYS}天，诉求已关闭`);
}

function refuseIfNot(doc: RequestDoc, action: RequestAction) {
  const t = requestTransition(doc, action);
  if (!t.ok) throw conflict(REQUEST_REFUSAL_MESSAGES[t.reason]);
  return t;
}

const PERMISSION_OF: Record<RequestActionInput['action'], RequestPermission> = {
  accept: 'accept',
  assign: 'assign',
  reply: 'reply',
  resolve: 'resolve',
  escalate: 'escalate',
  reject: 'reject',
  reopen: 'reopen',
  withdraw: 'withdraw',
};

const act = route(api.requests.act, async ({ user, community, params, body, now }) => {
  const actor = actorOf(user, community);
  // Text is screened once, before any state is read, so a retry after a conflict does not ask WeChat again.
  const text = body.action === 'reply' ? body.body : body.action === 'resolve' ? body.note : 'reason' in body ? body.reason : undefined;
  const verdict = text ? await screenText(text, user, body.action === 'reply' ? 'body' : body.action === 'resolve' ? 'note' : 'reason') : 'pass';

  let assigneeId: Types.ObjectId | undefined;
  let assigneeName: string | undefined;
  if (body.action === 'assign') {
    const assignee = await community.scope.findOne(MembershipModel, { userId: new Types.ObjectId(body.assigneeId), status: 'active', roles: { $in: ['grid_worker', 'staff', 'admin'] } });
    if (!assignee) throw validationFailed([{ path: 'assigneeId', message: '请选择本社区的网格员或工作人员' }]);
    assigneeId = assignee.userId;
    assigneeName = assignee.name;
  }

  const updated = await change(community, actor, params.requestId, async (doc) => {
    if (!canOnRequest(PERMISSION_OF[body.action], actor, doc)) throw forbidden('您无权对该诉求进行此操作');
    const role = actingRole(actor, doc);
    const isHandler = role !== 'resident';
    if (body.action === 'reopen') refuseAfterRatingPeriod(doc, now);
    const t = refuseIfNot(doc, body.action);
    const $set: Record<string, unknown> = { status: t.to, level: t.level, reopenCount: t.reopenCount };
    // The first action of whoever handles the request is its response (响应).
    if (isHandler && !doc.firstResponseAt && body.action !== 'escalate') {
      $set.firstResponseAt = now;
      $set.firstResponseHours = (now.getTime() - doc.createdAt.getTime()) / 3_600_000;
      $set.responseOutcome = now <= doc.respondBy ? 'on_time' : 'late';
    }
    let note: string | undefined;
    let photoKeys: string[] | undefined;
    let voiceKey: string | undefined;
    switch (body.action) {
      case 'accept':
        $set.assigneeId = user._id;
        $set.assigneeName = displayName(user, community);
        break;
      case 'assign':
        $set.assigneeId = assigneeId;
        $set.assigneeName = assigneeName;
        note = `分派给 ${assigneeName}`;
        break;
      case 'reply':
        note = body.body || undefined;
        if (body.voiceKey) {
          // Attaching again to the same request is accepted, so a retry after a conflict keeps working.
          const bad = await attachPhotos([body.voiceKey], community.communityId, user._id, doc._id, user.openid, isHandler, 'request', 'voice');
          if (bad !== null) throw validationFailed([{ path: 'voiceKey', message: '语音未上传成功，请重新录制' }]);
          voiceKey = body.voiceKey;
        }
        break;
      case 'resolve':
        note = body.note;
        photoKeys = body.photoKeys;
        if (photoKeys?.length) {
          const bad = await attachPhotos(photoKeys, community.communityId, user._id, doc._id, user.openid, true);
          if (bad !== null) throw validationFailed([{ path: `photoKeys.${bad}`, message: '照片未上传成功，请重新上传' }]);
        }
        $set.resolvedAt = now;
        $set.resolveHours = (now.getTime() - doc.createdAt.getTime()) / 3_600_000;
        break;
      case 'escalate': {
        note = body.reason;
        // Deadlines restart at the new level from the moment of escalation.
        const d = requestDeadlines(t.level, doc.urgency, now, settingsOf(community).requestDeadlines);
        Object.assign($set, { levelSince: now, respondBy: d.respondBy, resolveBy: d.resolveBy, overdueWarnedAt: null });
        break;
      }
      case 'reject':
        note = body.reason;
        $set.closedAt = now;
        break;
      case 'reopen':
        note = body.reason;
        break;
      case 'withdraw':
        $set.closedAt = now;
        break;
    }
    const type = body.action === 'escalate' ? `escalated_${t.level}` : body.action;
    // Handlers choose who a note is for (default: the filer); a resident's notes go to the handlers and themselves.
    const audience: NoteAudience | undefined = note === undefined && !voiceKey ? undefined : isHandler && 'audience' in body && body.audience ? body.audience : 'filer';
    const outbox: ReturnType<typeof outboxEntry>[] = [];
    const what = summary(doc);
    const toFollowers = (kind: string, title: string) => outbox.push(outboxEntry(kind, 'followers', title, what, now, user._id));
    const toHandlers = (kind: string, title: string) => outbox.push(outboxEntry(kind, 'handlers', title, what, now, user._id));
    if (verdict === 'pass') {
      switch (body.action) {
        case 'accept': toFollowers('accepted', '您的诉求已受理'); break;
        case 'assign':
          toFollowers('assigned', '您的诉求已分派专人办理');
          toHandlers('assigned', '有诉求分派给您所在层级');
          // The assignee may serve another grid: told by name, whoever else handles the request at its level.
          outbox.push(outboxEntry('assigned_to_you', 'assignee', '有诉求分派给您', what, now, user._id));
          break;
        case 'reply': if (isHandler) toFollowers('replied', '您的诉求有新回复'); else toHandlers('resident_replied', '居民回复了诉求'); break;
        case 'resolve': toFollowers('resolved', '您的诉求已办结，请评价'); break;
        case 'escalate': toFollowers('escalated', `您的诉求已上报至${REQUEST_LEVEL_LABELS[t.level]}`); toHandlers('escalated', `诉求上报至${REQUEST_LEVEL_LABELS[t.level]}，请办理`); break;
        case 'reject': toFollowers('rejected', '您的诉求不予受理'); break;
        case 'reopen': toHandlers('reopened', '居民申请重新办理'); break;
        case 'withdraw': toHandlers('withdrawn', '居民撤回了诉求'); break;
      }
    }
    return {
      $set,
      $push: {
        timeline: { _id: new Types.ObjectId(), type, actorId: user._id, actorRole: role, at: now, note, audience, photoKeys, voiceKey, hidden: verdict === 'review' || undefined },
        ...(outbox.length ? { outbox: { $each: outbox } } : {}),
      },
    };
  });
  return (await requestViews([updated], actor, true))[0]!;
});

const rate = route(api.requests.rate, async ({ user, community, params, body, now }) => {
  const actor = actorOf(user, community);
  if (body.comment) await screenText(body.comment, user, 'comment');
  // One step: the stars say it (4–5 满意, 3 基本满意, 1–2 不满意); `satisfied` is still accepted as sent.
  const satisfied = ratedSatisfied(body.score, body.satisfied);
  const updated = await change(community, actor, params.requestId, async (doc) => {
    if (!canOnRequest('rate', actor, doc)) throw forbidden('只有提出诉求的居民可以评价');
    refuseAfterRatingPeriod(doc, now);
    const t = refuseIfNot(doc, satisfied ? 'rate_satisfied' : 'rate_unsatisfied');
    const $set: Record<string, unknown> = { status: t.to, reopenCount: t.reopenCount };
    if (t.to === 'closed') $set.closedAt = now;
    return {
      $set,
      $inc: { ratingCount: 1, satisfiedCount: satisfied ? 1 : 0 },
      $push: {
        ratings: { satisfied, score: body.score, comment: body.comment, at: now },
        timeline: {
          _id: new Types.ObjectId(),
          type: satisfied ? 'rated_satisfied' : t.to === 'reopened' ? 'rated_unsatisfied_reopened' : 'rated_unsatisfied',
          actorId: user._id,
          actorRole: 'resident',
          at: now,
          note: [`${body.score}分（${RATING_LEVEL_LABELS[ratingLevel(body.score)]}）`, body.comment].filter(Boolean).join('：'),
          audience: 'filer',
        },
        outbox: outboxEntry(
          satisfied ? 'rated' : 'rated_unsatisfied',
          'handlers',
          satisfied ? '居民对办理结果表示满意' : t.to === 'reopened' ? '居民不满意，诉求重新办理' : '居民对办理结果不满意',
          summary(doc),
          now,
          user._id,
        ),
      },
    };
  });
  return (await requestViews([updated], actor, true))[0]!;
});

const meToo = route(api.requests.meToo, async ({ user, community, params }) => {
  const id = params.requestId;
  const doc = await community.scope.findById(RequestModel, id);
  // Only a request the caller may see: following grants no view, so me-too on a private request of someone else
  // would be a way to learn that it exists and to receive its notices (404, as for a request that does not exist).
  if (!doc || !canOnRequest('view', actorOf(user, community), doc) || !OPEN_STATUSES.includes(doc.status) || doc.contentStatus !== 'pass')
    throw notFound('诉求不存在或已办结');
  // Conditional on not following yet: +1 counts each person once, however often they tap.
  const updated = await community.scope.findOneAndUpdate(
    RequestModel,
    { _id: doc._id, followers: { $ne: user._id } },
    { $push: { followers: user._id }, $inc: { meTooCount: 1, rev: 1 } },
  );
  const count = updated?.meTooCount ?? (await community.scope.findById(RequestModel, id))!.meTooCount;
  return { meTooCount: count, following: true as const };
});

const approveContent = route(api.requests.approveContent, async ({ user, community, params }) => {
  const actor = actorOf(user, community);
  const updated = await change(community, actor, params.requestId, async (doc) => {
    require('approve_content', actor, doc);
    // The whole timeline is written back (FerretDB has no arrayFilters); the revision check keeps it safe.
    const timeline = doc.timeline.map((e) => {
      const { hidden: _hidden, ...rest } = (e as unknown as { toObject(): typeof e }).toObject();
      return rest;
    });
    return { $set: { contentStatus: 'pass', timeline } };
  });
  return (await requestViews([updated], actor, true))[0]!;
});

const approvePhoto = route(api.requests.approvePhoto, async ({ user, community, params, body }) => {
  const actor = actorOf(user, community);
  const doc = await loadVisible(community, actor, params.requestId);
  require('approve_content', actor, doc);
  // Staff name the photo by its storage key (their own uploads) or by the photo id the view gave them.
  const which = /^[0-9a-f]{24}$/.test(body.key) ? { _id: new Types.ObjectId(body.key) } : { key: body.key };
  const r = await community.scope.updateOne(PhotoModel, { ...which, requestId: doc._id, status: { $ne: 'uploading' } }, { $set: { status: 'approved' } });
  if (r.matchedCount === 0) throw notFound('照片不存在');
  return (await requestViews([doc], actor, true))[0]!;
});

const setPublic = route(api.requests.setPublic, async ({ user, community, params, body }) => {
  const actor = actorOf(user, community);
  const updated = await change(community, actor, params.requestId, async (doc) => {
    require('set_public', actor, doc);
    return { $set: { public: body.public } };
  });
  return (await requestViews([updated], actor, true))[0]!;
});

export const handler = apiHandler([create, list, similar, replyTemplates, get, act, rate, meToo, approveContent, approvePhoto, setPublic]);
