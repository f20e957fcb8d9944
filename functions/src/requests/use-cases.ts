/**
 * What can be done with a request, one named function per use case, each with explicit outcomes: `{ ok: true,
 * value }` or `{ ok: false, reason }`. handler.ts is the list of routes and the one place that maps reasons to HTTP.
 * Every move on a request goes the same way (`move`): load what the caller may see, ask the permission table and the
 * state machine, write conditionally on the revision read, then deliver notices and count the change.
 */
import { Types } from 'mongoose';
import type { OutcomeOf } from '../lib/outcome';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  DEFAULT_SUPERVISE_HAND_OFFS,
  needsSupervision,
  FILERS,
  OPEN_STATUSES,
  RATING_LEVEL_LABELS,
  asksForRating,
  patrolTransition,
  REQUEST_CATEGORY_LABELS,
  REQUEST_LEVEL_LABELS,
  hasAnyRole,
  ratedSatisfied,
  ratingLevel,
  ratingPeriodOver,
  requestTransition,
  type CommunitySettings,
  type CallBackRefusal,
  type CreateRequestInput,
  type ExtensionRefusal,
  type NoteAudience,
  type RequestAction,
  type RequestRefusal,
  type RequestSource,
  type Role,
  deadlineFor,
  requestTypeOf,
  REQUEST_TYPE_LABELS,
  shanghaiDeadline,
  type RequestType,
  missingCalendarYears,
} from '@linli/shared';
import { checkText } from '../lib/wechat';
import { displayName, type CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { attachPhotos } from '../uploads/photos';
import { PhotoModel } from '../uploads/photo.model';
import { RequestModel, type RequestDoc } from './request.model';
import { newRequestDoc } from './request.factory';
import { followClosedDispatches } from './dispatch.model';
import { holidayCalendars, warnMissingCalendars } from '../system/holidays';
import { visitForFiling } from '../visits/use-cases';
import { canOnRequest, handles, type RequestActor, type RequestPermission } from './request.permissions';
import { deliverOutbox, outboxEntry, summary } from './notify';
import { countRequestChange } from './request-stats';
import { creditAfterResolution, rewardOnResolve } from './report-reward';
import { PatrolModel, type PatrolDoc } from '../patrols/patrol.model';
import { canOnPatrol } from '../patrols/patrol.permissions';

/** Who acts, where, and when. */
export interface RequestCaller {
  user: UserDoc;
  community: CommunityContext;
  actor: RequestActor;
  now: Date;
}

export function callerOf(user: UserDoc, community: CommunityContext, now: Date): RequestCaller {
  return { user, community, now, actor: { userId: user._id, roles: community.roles, gridIds: community.membership?.gridIds ?? [] } };
}

/** Why a use case did not happen. */
export type RequestUseCaseRefusal =
  /** Not there, or not for this caller's eyes (no hint that it exists). */
  | { reason: 'not_found' }
  /** Me-too on a request that is not there, not visible or no longer open. */
  | { reason: 'not_found_or_finished' }
  | { reason: 'photo_not_found' }
  /** The permission table says no. */
  | { reason: 'not_permitted'; permission: RequestPermission }
  /** Filing for someone else (代办) is for grid workers and staff. */
  | { reason: 'not_on_behalf' }
  /**
   * The caller may not file with this source: 巡查发现 is for grid workers and staff, 流动网格员上报 for holders of that
   * role, and 居民反映 for members with a household (a 流动网格员 alone has none: they report as such).
   */
  | { reason: 'not_finder'; source: RequestSource }
  /** The patrol named for a finding has ended. */
  | { reason: 'patrol_ended' }
  /** The state machine says no. */
  | { reason: 'refused'; refusal: RequestRefusal }
  /** 延期申请's rules say no (extension.rules.ts). */
  | { reason: 'extension_refused'; refusal: ExtensionRefusal }
  /** 回访's rules say no (call-back.rules.ts). */
  | { reason: 'call_back_refused'; refusal: CallBackRefusal }
  /** 吹哨报到's rules say no (dispatch.rules.ts), in words naming the unit where there is one. */
  | { reason: 'dispatch_refused'; message: string }
  /** A resolved request past its rating period counts as closed. */
  | { reason: 'rating_period_over' }
  /** Others kept changing the request while we tried. */
  | { reason: 'busy' }
  /** WeChat content security refused the text. */
  | { reason: 'content_rejected'; path: string }
  /** The input names something that cannot be used here (a building, an assignee, an upload). */
  | { reason: 'invalid'; path: string; message: string };

export type Outcome<T> = OutcomeOf<T, RequestUseCaseRefusal>;

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const no = <T>(r: RequestUseCaseRefusal): Outcome<T> => ({ ok: false, ...r });
export const isRefusal = (x: unknown): x is RequestUseCaseRefusal => !!x && typeof x === 'object' && 'reason' in x;

export function settingsOf(community: CommunityContext): CommunitySettings {
  return { ...DEFAULT_COMMUNITY_SETTINGS, ...community.community.settings };
}

/** User text goes through WeChat content security before it is stored (scene 2: comments). */
export async function screen(c: RequestCaller, text: string | undefined, path: string): Promise<'pass' | 'review' | RequestUseCaseRefusal> {
  if (!text) return 'pass';
  const verdict = await checkText(text, c.user.openid, 2);
  return verdict === 'risky' ? { reason: 'content_rejected', path } : verdict;
}

/** The role someone acts in on this request, as the timeline shows it. */
export function actingRole(actor: RequestActor, r: RequestDoc): Role {
  if (!handles(actor, r)) return 'resident';
  if (hasAnyRole(actor.roles, ['staff'])) return 'staff';
  if (actor.roles.includes('grid_worker')) return 'grid_worker';
  return 'street_staff';
}

/** A request the caller may see; anything else is not found, with no hint that it exists. */
export async function loadVisible(c: RequestCaller, id: string): Promise<Outcome<RequestDoc>> {
  const doc = await c.community.scope.findById(RequestModel, id);
  return doc && canOnRequest('view', c.actor, doc) ? ok(doc) : no({ reason: 'not_found' });
}

export type Update = { $set?: Record<string, unknown>; $push?: Record<string, unknown>; $inc?: Record<string, number> };

/** Applies a change conditional on the revision read; a concurrent change makes us re-read and re-decide. */
export async function change(c: RequestCaller, id: string, decide: (doc: RequestDoc) => Promise<Update | RequestUseCaseRefusal>): Promise<Outcome<RequestDoc>> {
  for (let attempt = 0; attempt < 4; attempt++) {
    const loaded = await loadVisible(c, id);
    if (!loaded.ok) return loaded;
    const doc = loaded.value;
    const update = await decide(doc);
    if (isRefusal(update)) return no(update);
    const updated = await c.community.scope.findOneAndUpdate(RequestModel, { _id: doc._id, rev: doc.rev }, { ...update, $inc: { ...update.$inc, rev: 1 } });
    if (updated) {
      await Promise.all([deliverOutbox(updated), countRequestChange(updated)]);
      return ok(updated);
    }
  }
  return no({ reason: 'busy' });
}

// ---- filing -----------------------------------------------------------------------------------------------

/** Who may file with each source: 居民反映 (and 代办) needs a household or a handler's role, the others their finders. */
const FILERS_BY_SOURCE: Record<RequestSource, Role[]> = {
  resident: [...FILERS],
  patrol: ['grid_worker', 'staff'],
  mobile_grid: ['mobile_grid'],
  // 主动治理 tasks are opened from 每月一题 (hotspots.ts), never filed through the filing form.
  proactive: [],
};

/**
 * A resident files a request, or a grid worker or staff member files one for a resident (代办) — both a resident's
 * demand (居民反映) — or a grid worker or staff member files a finding of their own (巡查发现): on a patrol of theirs
 * under way (`patrolId`) or not, anywhere in the community, and possibly fixed on the spot already (就地办结: the
 * one filing then records acceptance and resolution, request.factory.ts) — or a 流动网格员 reports a hazard
 * (流动网格员上报) at a building of the community or a place: theirs to follow like a resident's, with photos
 * screened as a resident's, never 代办 or fixed on the spot; one without a building goes to the community's queue.
 */
export async function fileRequest(c: RequestCaller, body: CreateRequestInput): Promise<Outcome<RequestDoc>> {
  const { user, community, now, actor } = c;
  const onBehalf = body.onBehalfOf;
  const source = body.source ?? 'resident';
  const finding = source === 'patrol';
  const mobileGrid = source === 'mobile_grid';
  if (onBehalf && !hasAnyRole(community.roles, ['staff', 'grid_worker'])) return no({ reason: 'not_on_behalf' });
  if (!hasAnyRole(community.roles, FILERS_BY_SOURCE[source])) return no({ reason: 'not_finder', source });
  let patrol: PatrolDoc | null = null;
  if (body.patrolId) {
    patrol = await community.scope.findById(PatrolModel, body.patrolId);
    // Only the finder's own patrol: anyone else's is as good as not there.
    if (!patrol || !canOnPatrol('file_finding', actor, patrol)) return no({ reason: 'invalid', path: 'patrolId', message: '请选择您本人正在进行的巡查' });
    if (!patrolTransition(patrol.status, 'file_finding').ok) return no({ reason: 'patrol_ended' });
  }
  // 走访转代办: a visit the filer may file from (of their grid; staff: any), and the 代办 is for the household visited.
  let visitId: Types.ObjectId | undefined;
  if (body.visitId && onBehalf) {
    const visit = await visitForFiling(c, body.visitId, onBehalf);
    if (!visit.ok)
      return no({ reason: 'invalid', path: 'visitId', message: visit.reason === 'other_household' ? '代办的住户不是这次走访的住户' : '请选择您所负责网格的走访记录' });
    visitId = visit.value._id;
  }
  const membership = community.membership;
  // A finding or a report is where it was found: never the finder's own home by default.
  const buildingId = body.location?.buildingId ?? onBehalf?.buildingId ?? (finding || mobileGrid ? undefined : membership?.household?.buildingId);
  let building = null;
  if (buildingId) {
    building = await community.scope.findById(BuildingModel, buildingId);
    if (!building) return no({ reason: 'invalid', path: body.location?.buildingId ? 'location.buildingId' : 'onBehalfOf.buildingId', message: '请选择本社区的楼栋' });
  }
  // A finding needs a place whose grid handles it: its building, or (a public space) the grid of the patrol.
  if (finding && !building && !patrol) return no({ reason: 'invalid', path: 'location.buildingId', message: '请选择发现问题的楼栋' });
  const verdict = await screen(c, [body.title, body.description].filter(Boolean).join('\n'), 'description');
  if (isRefusal(verdict)) return no(verdict);
  const onSpot = body.resolvedOnSpot;
  const onSpotVerdict = onSpot ? await screen(c, onSpot.note, 'resolvedOnSpot.note') : 'pass';
  if (isRefusal(onSpotVerdict)) return no(onSpotVerdict);
  // Before anything is attached: a refusal after attaching would leave the photos bound to a request never written.
  const reused = onSpot?.photoKeys?.findIndex((k) => body.photoKeys?.includes(k)) ?? -1;
  if (reused >= 0) return no({ reason: 'invalid', path: `resolvedOnSpot.photoKeys.${reused}`, message: '办结照片请另拍，不要与问题照片重复' });
  const requestId = new Types.ObjectId();
  const trusted = !!onBehalf || finding || hasAnyRole(community.roles, ['staff']);
  const badPhoto = await attachPhotos(body.photoKeys ?? [], community.communityId, user._id, requestId, user.openid, trusted);
  if (badPhoto !== null) return no({ reason: 'invalid', path: `photoKeys.${badPhoto}`, message: '照片未上传成功或不属于您，请重新上传' });
  if (onSpot?.photoKeys?.length) {
    const bad = await attachPhotos(onSpot.photoKeys, community.communityId, user._id, requestId, user.openid, true);
    if (bad !== null) return no({ reason: 'invalid', path: `resolvedOnSpot.photoKeys.${bad}`, message: '照片未上传成功或不属于您，请重新上传' });
  }
  if (body.voiceKey && (await attachPhotos([body.voiceKey], community.communityId, user._id, requestId, user.openid, trusted, 'request', 'voice')) !== null)
    return no({ reason: 'invalid', path: 'voiceKey', message: '语音未上传成功，请重新录制' });
  if (patrol) {
    // Listed on the patrol before it is written, conditionally on the patrol still being under way (a finding
    // racing the end is refused, never left off the patrol); a crash before the write leaves an id naming
    // nothing, which the patrol's page skips.
    const listed = await community.scope.updateOne(PatrolModel, { _id: patrol._id, workerId: user._id, status: 'ongoing' }, { $addToSet: { findings: requestId } });
    if (listed.matchedCount === 0) return no({ reason: 'patrol_ended' });
  }
  const filedAs: Role = mobileGrid ? 'mobile_grid' : hasAnyRole(community.roles, ['staff']) ? 'staff' : 'grid_worker';
  const name = membership?.name ?? user.nickname;
  const calendars = await holidayCalendars(now);
  const doc = await community.scope.create(
    RequestModel,
    newRequestDoc(
      {
        _id: requestId,
        communityId: community.communityId,
        category: body.category,
        title: body.title,
        description: body.description,
        buildingId: building?._id,
        gridId: building?.gridId ?? patrol?.gridId,
        // A report at a public place names no grid: the community's staff take it in (a grid worker's queue is their grids').
        level: mobileGrid && !building ? 'community' : undefined,
        address: body.location?.address,
        place: body.location?.place,
        lat: body.location?.lat,
        lng: body.location?.lng,
        photoKeys: body.photoKeys,
        voiceKey: body.voiceKey,
        // A finding is the finder's work, in their name: never anonymous, no household, nobody to call back.
        anonymous: finding || mobileGrid ? false : body.anonymous,
        urgency: body.urgency,
        filerId: onBehalf ? undefined : user._id,
        filerName: onBehalf ? onBehalf.name : name,
        household: onBehalf ? { buildingId: building!._id, unit: onBehalf.unit, room: onBehalf.room } : finding || mobileGrid ? undefined : membership?.household,
        filedBy: user._id,
        filedAs: onBehalf || finding || mobileGrid ? filedAs : 'resident',
        onBehalf: !!onBehalf,
        source,
        patrolId: patrol?._id,
        visitId,
        // Whom handlers may call lives on the request where only they see it (request.visibility.ts), never in a note:
        // the 代办 contact, or the filer's phone if they agreed to be called.
        contactPhone: onBehalf ? onBehalf.phone : finding ? undefined : body.phoneConsent !== false ? (membership?.phone ?? undefined) : undefined,
        phoneConsent: onBehalf ? true : finding ? false : body.phoneConsent !== false,
        deadlineSettings: settingsOf(community).requestDeadlines,
        type: body.type,
        typeDeadlines: settingsOf(community).requestTypeDeadlines,
        calendars,
        contentStatus: verdict,
        // Fixed on the spot, it asks nobody for anything: no notice; an open finding is new work for the grid.
        announce: onSpot ? undefined : finding ? `${filedAs === 'staff' ? '社区工作者' : '网格员'}巡查发现新问题` : mobileGrid ? '流动网格员上报新问题' : '新的居民诉求',
        onSpot: onSpot && { note: onSpot.note, photoKeys: onSpot.photoKeys, assigneeName: name ?? undefined, hidden: onSpotVerdict === 'review' },
      },
      now,
    ),
  );
  // A deadline counted through a year without a holiday calendar: the operators' log says which year to enter.
  warnMissingCalendars(missingCalendarYears(now, new Date(doc.resolveBy.getTime() - 1), calendars), now);
  return ok(doc);
}

// ---- moves of the state machine -----------------------------------------------------------------------------

/** Notices a move sends; pushed to the outbox only when its text passed content security. */
interface Notices {
  followers(kind: string, title: string): void;
  handlers(kind: string, title: string): void;
  assignee(kind: string, title: string): void;
}

/** What one move writes besides the status change the state machine decides. */
interface MoveSpec {
  $set?: Record<string, unknown>;
  note?: string;
  /** Who the note is for when a handler writes it (default: the filer). */
  audience?: NoteAudience;
  photoKeys?: string[];
  voiceKey?: string;
  notify?: (n: Notices) => void;
}

interface MoveContext {
  doc: RequestDoc;
  /** The state machine's answer: the new status, level and reopen count. */
  to: { status: RequestDoc['status']; level: RequestDoc['level']; reopenCount: number };
  isHandler: boolean;
}

/**
 * One move of the state machine: permitted (request.permissions.ts), allowed from the current state
 * (request.rules.ts), written with its timeline entry and notices in one conditional update.
 */
async function move(
  c: RequestCaller,
  id: string,
  action: Exclude<RequestAction, 'rate_satisfied' | 'rate_unsatisfied' | 'auto_close'>,
  verdict: 'pass' | 'review',
  spec: (m: MoveContext) => Promise<MoveSpec | RequestUseCaseRefusal> | MoveSpec,
): Promise<Outcome<RequestDoc>> {
  const { user, now, actor } = c;
  const out = await change(c, id, async (doc) => {
    if (!canOnRequest(action, actor, doc)) return { reason: 'not_permitted', permission: action };
    const role = actingRole(actor, doc);
    const isHandler = role !== 'resident';
    if (action === 'reopen' && ratingPeriodOver(doc, now)) return { reason: 'rating_period_over' };
    const t = requestTransition(doc, action);
    if (!t.ok) return { reason: 'refused', refusal: t.reason };
    const s = await spec({ doc, to: { status: t.to, level: t.level, reopenCount: t.reopenCount }, isHandler });
    if (isRefusal(s)) return s;
    const $set: Record<string, unknown> = { status: t.to, level: t.level, reopenCount: t.reopenCount };
    // The first action of whoever handles the request is its response (响应).
    if (isHandler && !doc.firstResponseAt && action !== 'escalate') {
      $set.firstResponseAt = now;
      $set.firstResponseHours = (now.getTime() - doc.createdAt.getTime()) / 3_600_000;
      $set.responseOutcome = now <= doc.respondBy ? 'on_time' : 'late';
    }
    Object.assign($set, s.$set);
    // 吹哨报到: a request ending here (resolved or closed by staff, rejected, a duplicate) ends its units' dispatches.
    const ending = !OPEN_STATUSES.includes(t.to) && (doc.dispatches ?? []).some((d) => d.status === 'dispatched' || d.status === 'acknowledged');
    if (ending) {
      $set.dispatches = doc.dispatches.map((d) => ({ ...(d as unknown as { toObject(): object }).toObject(), ...(d.status === 'dispatched' || d.status === 'acknowledged' ? { status: 'closed' } : {}) }));
      // The records follow in a second write (below); the flag, in this one, has repair finish it should that die.
      $set.dispatchesDirty = true;
    }
    // Assigning and escalating hand the request off (督办 past the community's threshold, flagged once).
    const handOff = action === 'assign' || action === 'escalate';
    const extra: Record<string, unknown>[] = [];
    if (handOff) {
      $set.lastHandOffAt = now;
      const count = (doc.handOffCount ?? 0) + 1;
      if (needsSupervision({ status: t.to, handOffCount: count, resolveBy: doc.resolveBy, supervisedAt: doc.supervisedAt }, settingsOf(c.community).superviseHandOffs ?? DEFAULT_SUPERVISE_HAND_OFFS, new Date(0))) {
        $set.supervisedAt = now;
        extra.push({ _id: new Types.ObjectId(), type: 'supervised', actorId: SUPERVISION_ACTOR, actorRole: 'system', at: now, note: `已转办${count}次，街道督办`, audience: 'filer' });
      }
    }
    const type = action === 'escalate' ? `escalated_${t.level}` : action;
    // Handlers choose who a note is for (default: the filer); a resident's notes go to the handlers and themselves.
    const audience: NoteAudience | undefined = s.note === undefined && !s.voiceKey ? undefined : isHandler && s.audience ? s.audience : 'filer';
    const outbox: ReturnType<typeof outboxEntry>[] = [];
    const what = summary(doc);
    if (verdict === 'pass' && s.notify)
      s.notify({
        followers: (kind, title) => outbox.push(outboxEntry(kind, 'followers', title, what, now, user._id)),
        handlers: (kind, title) => outbox.push(outboxEntry(kind, 'handlers', title, what, now, user._id)),
        assignee: (kind, title) => outbox.push(outboxEntry(kind, 'assignee', title, what, now, user._id)),
      });
    if (extra.length) outbox.push(outboxEntry('supervised', 'street', `诉求已转办${(doc.handOffCount ?? 0) + 1}次，请督办`, what, now));
    const entry = { _id: new Types.ObjectId(), type, actorId: user._id, actorRole: role, at: now, note: s.note, audience, photoKeys: s.photoKeys, voiceKey: s.voiceKey, hidden: verdict === 'review' || undefined };
    return {
      $set,
      ...(handOff ? { $inc: { handOffCount: 1 } } : {}),
      $push: {
        timeline: extra.length ? { $each: [entry, ...extra] } : entry,
        ...(outbox.length ? { outbox: { $each: outbox } } : {}),
      },
    };
  });
  // The dispatch records follow the request's summary (closed above in the same write, with `dispatchesDirty`).
  if (out.ok && out.value.dispatchesDirty) await followClosedDispatches(out.value);
  return out;
}

/** The actor id the timeline shows for what the system did by itself (as deadlines.ts `SYSTEM_ACTOR`). */
const SUPERVISION_ACTOR = new Types.ObjectId('000000000000000000000000');

/** A handler takes the request on (受理) and holds it. */
export function accept(c: RequestCaller, id: string): Promise<Outcome<RequestDoc>> {
  return move(c, id, 'accept', 'pass', () => ({
    $set: { assigneeId: c.user._id, assigneeName: displayName(c.user, c.community) },
    notify: (n) => n.followers('accepted', '您的诉求已受理'),
  }));
}

/** A handler dispatches the request to a grid worker or staff member of the community (分派). */
export async function assign(c: RequestCaller, id: string, assigneeUserId: string): Promise<Outcome<RequestDoc>> {
  const assignee = await c.community.scope.findOne(MembershipModel, { userId: new Types.ObjectId(assigneeUserId), status: 'active', roles: { $in: ['grid_worker', 'staff', 'admin'] } });
  if (!assignee) return no({ reason: 'invalid', path: 'assigneeId', message: '请选择本社区的网格员或工作人员' });
  const calendars = await holidayCalendars(c.now);
  return move(c, id, 'assign', 'pass', ({ doc }) => ({
    // The assignee's own deadlines run from the assignment (the request's from the submission, unchanged); a
    // send-back waiting is answered by the new assignment.
    $set: { assigneeId: assignee.userId, assigneeName: assignee.name, ...holderDeadlines(c, doc, calendars, 'assignee'), sendBack: null },
    note: `分派给 ${assignee.name}`,
    notify: (n) => {
      n.followers('assigned', '您的诉求已分派专人办理');
      n.handlers('assigned', '有诉求分派给您所在层级');
      // The assignee may serve another grid: told by name, whoever else handles the request at its level.
      n.assignee('assigned_to_you', '有诉求分派给您');
    },
  }));
}

/** The filer or a handler writes (or speaks) to the other side; the request stays where it is. */
export async function reply(c: RequestCaller, id: string, input: { body?: string; voiceKey?: string; audience?: NoteAudience }): Promise<Outcome<RequestDoc>> {
  // Text is screened once, before any state is read, so a retry after a conflict does not ask WeChat again.
  const verdict = await screen(c, input.body, 'body');
  if (isRefusal(verdict)) return no(verdict);
  return move(c, id, 'reply', verdict, async ({ doc, isHandler }) => {
    if (input.voiceKey) {
      // Attaching again to the same request is accepted, so a retry after a conflict keeps working.
      const bad = await attachPhotos([input.voiceKey], c.community.communityId, c.user._id, doc._id, c.user.openid, isHandler, 'request', 'voice');
      if (bad !== null) return { reason: 'invalid', path: 'voiceKey', message: '语音未上传成功，请重新录制' };
    }
    return {
      note: input.body || undefined,
      voiceKey: input.voiceKey,
      audience: input.audience,
      notify: (n) => (isHandler ? n.followers('replied', '您的诉求有新回复') : n.handlers('resident_replied', '居民回复了诉求')),
    };
  });
}

/**
 * A handler reports the request done (办结), with what was done and photos; the filer of a resident's demand is
 * asked to rate it, and a finding closes with it (nobody rates their own finding: request.rules.ts).
 */
export async function resolve(c: RequestCaller, id: string, input: { note: string; photoKeys?: string[]; audience?: NoteAudience; rewardValid?: boolean }): Promise<Outcome<RequestDoc>> {
  const verdict = await screen(c, input.note, 'note');
  if (isRefusal(verdict)) return no(verdict);
  const resolved = await move(c, id, 'resolve', verdict, async ({ doc, to }) => {
    if (input.photoKeys?.length) {
      const bad = await attachPhotos(input.photoKeys, c.community.communityId, c.user._id, doc._id, c.user.openid, true);
      if (bad !== null) return { reason: 'invalid', path: `photoKeys.${bad}`, message: '照片未上传成功，请重新上传' };
    }
    const rated = asksForRating(doc.source);
    // 随手拍有奖: the handler's 有效举报 decided with the resolution itself (report-reward.ts), credited just below.
    const reward = rewardOnResolve(settingsOf(c.community).reportRewards, doc, c.user._id, input.rewardValid, c.now);
    return {
      // 待回访 (call-backs.ts): a resident's demand waits for a call-back until rated in the app or called back.
      $set: { resolvedAt: c.now, resolveHours: (c.now.getTime() - doc.createdAt.getTime()) / 3_600_000, ...(to.status === 'closed' ? { closedAt: c.now } : {}), ...(rated ? { callBackDue: true } : {}), ...reward },
      note: input.note,
      photoKeys: input.photoKeys,
      audience: input.audience,
      notify: (n) => n.followers('resolved', rated ? '您的诉求已办结，请评价' : '诉求已办结'),
    };
  });
  if (!resolved.ok || resolved.value.reward?.status !== 'pending') return resolved;
  return ok(await creditAfterResolution(resolved.value, c.now));
}

/**
 * A holder's own deadlines from now, by the request's type and the level (WORKDAYS' `deadlineFor`): a person
 * assignee's from their assignment, a level's from the escalation to it. The request's own are never touched.
 */
function holderDeadlines(c: RequestCaller, doc: RequestDoc, calendars: Awaited<ReturnType<typeof holidayCalendars>>, who: 'assignee' | 'level', level = doc.level) {
  const d = deadlineFor({ type: doc.type, level, urgency: doc.urgency, from: c.now, settings: settingsOf(c.community), calendars });
  return who === 'assignee' ? { assignedAt: c.now, assigneeRespondBy: d.respondBy, assigneeResolveBy: d.resolveBy } : { levelRespondBy: d.respondBy, levelResolveBy: d.resolveBy };
}

/** A handler sends the request up a level (上报); the level's own deadlines run from then, the request's do not restart. */
export async function escalate(c: RequestCaller, id: string, input: { reason: string; audience?: NoteAudience }): Promise<Outcome<RequestDoc>> {
  const verdict = await screen(c, input.reason, 'reason');
  if (isRefusal(verdict)) return no(verdict);
  const calendars = await holidayCalendars(c.now);
  return move(c, id, 'escalate', verdict, ({ doc, to }) => {
    // The new level gets its own deadlines from now; the request's (三率, from the submission) stay as they were:
    // escalating never restarts the clock (issue 19). Only an approved extension moves the request's.
    return {
      $set: { levelSince: c.now, ...holderDeadlines(c, doc, calendars, 'level', to.level) },
      note: input.reason,
      audience: input.audience,
      notify: (n) => {
        n.followers('escalated', `您的诉求已上报至${REQUEST_LEVEL_LABELS[to.level]}`);
        n.handlers('escalated', `诉求上报至${REQUEST_LEVEL_LABELS[to.level]}，请办理`);
      },
    };
  });
}

/** A handler declines the request (不予受理), saying why. */
export async function reject(c: RequestCaller, id: string, input: { reason: string; audience?: NoteAudience }): Promise<Outcome<RequestDoc>> {
  const verdict = await screen(c, input.reason, 'reason');
  if (isRefusal(verdict)) return no(verdict);
  return move(c, id, 'reject', verdict, () => ({
    $set: { closedAt: c.now },
    note: input.reason,
    audience: input.audience,
    notify: (n) => n.followers('rejected', '您的诉求不予受理'),
  }));
}

/** Where an original may stand: the work on it is ahead or just done (a closed problem seen again is a new one). */
const ORIGINAL_STATUSES: readonly RequestDoc['status'][] = [...OPEN_STATUSES, 'resolved'];

/**
 * 标记为重复: a handler finds the request is the same problem as another of the community (its original) and
 * finishes it as a duplicate, linked to the original, telling the filer where the work goes on. The original must be
 * one the handler may see, still open or just resolved, and not itself a duplicate; a request others were already
 * merged into is not merged again (their link would then lead to a finished duplicate).
 */
export async function markDuplicate(c: RequestCaller, id: string, input: { duplicateOf: string; note?: string; audience?: NoteAudience }): Promise<Outcome<RequestDoc>> {
  const verdict = await screen(c, input.note, 'note');
  if (isRefusal(verdict)) return no(verdict);
  // Only a handler of the request learns anything about the request named: otherwise the answers below would
  // tell a resident which requests exist and how they stand.
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  if (!canOnRequest('mark_duplicate', c.actor, loaded.value)) return no({ reason: 'not_permitted', permission: 'mark_duplicate' });
  const invalid = (message: string) => no<RequestDoc>({ reason: 'invalid', path: 'duplicateOf', message });
  if (input.duplicateOf === id) return invalid('不能标记为与自身重复');
  const original = await c.community.scope.findById(RequestModel, input.duplicateOf);
  if (!original || !canOnRequest('view', c.actor, original)) return invalid('原诉求不存在或您无权查看');
  if (original.status === 'duplicate') return invalid('所选诉求本身已是重复诉求，请选择它的原诉求');
  if (!ORIGINAL_STATUSES.includes(original.status)) return invalid('原诉求已结束，请按新诉求办理');
  if (await c.community.scope.findOne(RequestModel, { duplicateOf: new Types.ObjectId(id) }).select({ _id: 1 }).lean())
    return no({ reason: 'invalid', path: 'form', message: '已有其他诉求合并到本诉求，不能再标记为重复' });
  // Never the original's words: it may be another resident's private request (the view shows them where allowed).
  const said = `与本社区另一条${REQUEST_CATEGORY_LABELS[original.category]}诉求重复，已合并办理`;
  return move(c, id, 'mark_duplicate', verdict, () => ({
    $set: { duplicateOf: original._id, closedAt: c.now },
    note: input.note ? `${said}。${input.note}` : said,
    audience: input.audience,
    notify: (n) => n.followers('duplicate', '您的诉求与已有诉求相同，已合并办理，可查看进展'),
  }));
}

/** The filer asks, once, for a resolved request to be handled again (申请重新办理). */
export async function reopen(c: RequestCaller, id: string, input: { reason: string }): Promise<Outcome<RequestDoc>> {
  const verdict = await screen(c, input.reason, 'reason');
  if (isRefusal(verdict)) return no(verdict);
  return move(c, id, 'reopen', verdict, () => ({ $set: { callBackDue: false }, note: input.reason, notify: (n) => n.handlers('reopened', '居民申请重新办理') }));
}

/** The filer takes back a request nobody has accepted yet (撤回). */
export function withdraw(c: RequestCaller, id: string): Promise<Outcome<RequestDoc>> {
  return move(c, id, 'withdraw', 'pass', () => ({ $set: { closedAt: c.now }, notify: (n) => n.handlers('withdrawn', '居民撤回了诉求') }));
}

// ---- rating, following, publishing, review -------------------------------------------------------------------

/** The filer rates a resolution: satisfied closes it; unsatisfied reopens it once, then closes it. */
export async function rate(c: RequestCaller, id: string, input: { score: number; satisfied?: boolean; comment?: string }): Promise<Outcome<RequestDoc>> {
  const { user, actor, now } = c;
  const verdict = await screen(c, input.comment, 'comment');
  if (isRefusal(verdict)) return no(verdict);
  // One step: the stars say it (4–5 满意, 3 基本满意, 1–2 不满意); `satisfied` is still accepted as sent.
  const satisfied = ratedSatisfied(input.score, input.satisfied);
  return change(c, id, async (doc) => {
    if (!canOnRequest('rate', actor, doc)) return { reason: 'not_permitted', permission: 'rate' };
    if (ratingPeriodOver(doc, now)) return { reason: 'rating_period_over' };
    const t = requestTransition(doc, satisfied ? 'rate_satisfied' : 'rate_unsatisfied');
    if (!t.ok) return { reason: 'refused', refusal: t.reason };
    // Rated in the app: no call-back waits any more (待回访), and this rating wins over any call-back's for 满意率.
    const $set: Record<string, unknown> = { status: t.to, reopenCount: t.reopenCount, callBackDue: false };
    if (t.to === 'closed') $set.closedAt = now;
    return {
      $set,
      $inc: { ratingCount: 1, satisfiedCount: satisfied ? 1 : 0 },
      $push: {
        ratings: { satisfied, score: input.score, comment: input.comment, at: now },
        timeline: {
          _id: new Types.ObjectId(),
          type: satisfied ? 'rated_satisfied' : t.to === 'reopened' ? 'rated_unsatisfied_reopened' : 'rated_unsatisfied',
          actorId: user._id,
          actorRole: 'resident',
          at: now,
          note: [`${input.score}分（${RATING_LEVEL_LABELS[ratingLevel(input.score)]}）`, input.comment].filter(Boolean).join('：'),
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
}

/** A neighbour says 我也遇到: they follow the request (counted once, however often they tap). */
export async function meToo(c: RequestCaller, id: string): Promise<Outcome<{ meTooCount: number; following: true }>> {
  const { user, community, actor } = c;
  const doc = await community.scope.findById(RequestModel, id);
  // Only a request the caller may see: following grants no view, so me-too on a private request of someone else
  // would be a way to learn that it exists and to receive its notices (404, as for a request that does not exist).
  if (!doc || !canOnRequest('view', actor, doc) || !OPEN_STATUSES.includes(doc.status) || doc.contentStatus !== 'pass') return no({ reason: 'not_found_or_finished' });
  // Conditional on not following yet: +1 counts each person once, however often they tap.
  const updated = await community.scope.findOneAndUpdate(RequestModel, { _id: doc._id, followers: { $ne: user._id } }, { $push: { followers: user._id }, $inc: { meTooCount: 1, rev: 1 } });
  const count = updated?.meTooCount ?? (await community.scope.findById(RequestModel, id))!.meTooCount;
  return ok({ meTooCount: count, following: true as const });
}

/** A handler clears the texts content security held: the request's own and its timeline's. */
export function approveContent(c: RequestCaller, id: string): Promise<Outcome<RequestDoc>> {
  return change(c, id, async (doc) => {
    if (!canOnRequest('approve_content', c.actor, doc)) return { reason: 'not_permitted', permission: 'approve_content' };
    // The whole timeline is written back (FerretDB has no arrayFilters); the revision check keeps it safe.
    const timeline = doc.timeline.map((e) => {
      const { hidden: _hidden, ...rest } = (e as unknown as { toObject(): typeof e }).toObject();
      return rest;
    });
    return { $set: { contentStatus: 'pass', timeline } };
  });
}

/** A handler clears a photo the media check held, named by its storage key or by the photo id the view gave. */
export async function approvePhoto(c: RequestCaller, id: string, key: string): Promise<Outcome<RequestDoc>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const doc = loaded.value;
  if (!canOnRequest('approve_content', c.actor, doc)) return no({ reason: 'not_permitted', permission: 'approve_content' });
  const which = /^[0-9a-f]{24}$/.test(key) ? { _id: new Types.ObjectId(key) } : { key };
  const r = await c.community.scope.updateOne(PhotoModel, { ...which, requestId: doc._id, status: { $ne: 'uploading' } }, { $set: { status: 'approved' } });
  return r.matchedCount === 0 ? no({ reason: 'photo_not_found' }) : ok(doc);
}

/** A handler publishes the request to the community (or takes it back). */
export function setPublic(c: RequestCaller, id: string, value: boolean): Promise<Outcome<RequestDoc>> {
  return change(c, id, async (doc) => (canOnRequest('set_public', c.actor, doc) ? { $set: { public: value } } : { reason: 'not_permitted', permission: 'set_public' }));
}

/**
 * 改类型: a handler corrects what the request is (咨询, 求助, 投诉, 建议) while it is open. Its deadlines are
 * recomputed from the submission, as if filed so (the 三率 clock runs from the resident's submission); an approved
 * extension is kept (only extensions move the deadline further). A response already given keeps its outcome.
 */
export async function setType(c: RequestCaller, id: string, input: { type: RequestType; note?: string }): Promise<Outcome<RequestDoc>> {
  const calendars = await holidayCalendars(c.now);
  return change(c, id, async (doc) => {
    if (!canOnRequest('set_type', c.actor, doc)) return { reason: 'not_permitted', permission: 'set_type' };
    if (!OPEN_STATUSES.includes(doc.status)) return { reason: 'refused', refusal: 'not_open' };
    const from = requestTypeOf(doc.type);
    if (from === input.type) return { reason: 'invalid', path: 'type', message: `该诉求已是“${REQUEST_TYPE_LABELS[input.type]}”类` };
    const settings = settingsOf(c.community);
    // The 三率 clock of the level it was filed at: escalation gives the new level deadlines of its own, not the request.
    const firstEscalation = doc.timeline.find((e) => e.type.startsWith('escalated_'));
    const filedLevel = firstEscalation ? (firstEscalation.type === 'escalated_community' ? 'grid' : 'community') : doc.level;
    const d = deadlineFor({ type: input.type, level: filedLevel, urgency: doc.urgency, from: doc.createdAt, settings, calendars });
    warnMissingCalendars(d.missingYears, c.now);
    // An approved extension (延期) set the deadline the request is held to: never taken back by a reclassification.
    const extended = ((doc as { extensionCount?: number }).extensionCount ?? 0) > 0;
    const resolveBy = extended && doc.resolveBy > d.resolveBy ? doc.resolveBy : d.resolveBy;
    const $set: Record<string, unknown> = { type: input.type, resolveBy };
    // The response deadline matters only while nobody has responded.
    if (doc.responseOutcome === 'pending' || doc.responseOutcome === 'overdue') {
      $set.respondBy = d.respondBy;
      // Recounted against the new deadline by the deadline job (it marks overdue ones again).
      if (doc.responseOutcome === 'overdue' && d.respondBy > c.now) $set.responseOutcome = 'pending';
    }
    if (resolveBy.getTime() !== doc.resolveBy.getTime()) $set.overdueWarnedAt = null;
    // The holders' own deadlines are by type too: the level's from when it got the request (the filing, or the
    // escalation to it), a person assignee's from their assignment. A unit's dispatch keeps the deadline it was given.
    const own = (from: Date, level = doc.level) => deadlineFor({ type: input.type, level, urgency: doc.urgency, from, settings, calendars });
    if (doc.levelResolveBy) {
      const l = firstEscalation ? own(doc.levelSince) : d;
      Object.assign($set, { levelRespondBy: l.respondBy, levelResolveBy: l.resolveBy });
    }
    if (doc.assignedAt && doc.assigneeResolveBy) {
      const a = own(doc.assignedAt);
      Object.assign($set, { assigneeRespondBy: a.respondBy, assigneeResolveBy: a.resolveBy });
    }
    const said = `诉求类型由“${REQUEST_TYPE_LABELS[from]}”改为“${REQUEST_TYPE_LABELS[input.type]}”，办理时限调整为 ${shanghaiDeadline(resolveBy)}`;
    return {
      $set,
      $push: {
        timeline: {
          _id: new Types.ObjectId(),
          type: 'type_changed',
          actorId: c.user._id,
          actorRole: actingRole(c.actor, doc),
          at: c.now,
          note: input.note ? `${said}。${input.note}` : said,
          audience: 'filer',
        },
      },
    };
  });
}
