/**
 * 回访: community staff call a resident back after their demand was resolved, and record it: reached or not, the
 * resident's verdict on the in-app scale, a note. Without an in-app rating the verdict counts for 满意率
 * (request-stats.ts `contribution`; an in-app rating, even a later one, wins); an unsatisfied call-back may reopen the
 * request under the one-reopen rule (call-back.rules.ts). 待回访 lists what is still to be called, oldest
 * resolution first, from `callBackDue`, kept in the same writes (resolution sets it; a rating, a call-back that
 * reached the resident, or a reopening clears it).
 */
import { Types } from 'mongoose';
import { CALL_BACK_RESULT_LABELS, NOTICE_SUMMARY_CHARS, VOICE_ONLY_TEXT, callBackTransition, hasAnyRole, type CallBackDueItem, type CallBackDueQuery, type CallBackResult } from '@linli/shared';
import { BuildingModel } from '../communities/community.model';
import { displayName } from '../communities/community-context';
import { RequestModel, type RequestDoc } from './request.model';
import { canOnRequest } from './request.permissions';
import { audienceOf, sees } from './request.visibility';
import { outboxEntry, summary } from './notify';
import { actingRole, change, isRefusal, screen, type Outcome, type RequestCaller, type RequestUseCaseRefusal, type Update } from './use-cases';

/** Staff record a call-back (电话回访); `reopen` with an unsatisfied resident reopens the request once. */
export async function callBack(c: RequestCaller, id: string, input: { reached: boolean; result?: CallBackResult; note?: string; reopen?: boolean }): Promise<Outcome<RequestDoc>> {
  const { user, actor, now } = c;
  const verdict = await screen(c, input.note, 'note');
  if (isRefusal(verdict)) return { ok: false, ...verdict };
  return change(c, id, async (doc): Promise<Update | RequestUseCaseRefusal> => {
    if (!canOnRequest('call_back', actor, doc)) return { reason: 'not_permitted', permission: 'call_back' };
    const t = callBackTransition(doc, input);
    if (!t.ok) return { reason: 'call_back_refused', refusal: t.reason };
    const reopened = t.to === 'reopened';
    const what = summary(doc);
    const told = [input.reached ? `电话回访：已联系上居民，${CALL_BACK_RESULT_LABELS[input.result!]}` : '电话回访：未联系上居民', input.note].filter(Boolean).join('。');
    const $set: Record<string, unknown> = {
      callBack: { reached: input.reached, result: input.reached ? input.result : undefined, note: input.note, by: user._id, byName: displayName(user, c.community) ?? undefined, at: now },
    };
    // Reached: no call-back waits any more. Not reached: it stays on 待回访 to be called again.
    if (input.reached) $set.callBackDue = false;
    if (reopened) Object.assign($set, { status: 'reopened', reopenCount: t.reopenCount, callBackDue: false, closedAt: null });
    return {
      $set,
      $push: {
        timeline: {
          _id: new Types.ObjectId(),
          type: reopened ? 'called_back_reopened' : 'called_back',
          actorId: user._id,
          actorRole: actingRole(actor, doc),
          at: now,
          // The resident sees that they were called back (the entry); what was said and noted stays the handlers'.
          note: reopened ? `${told}。居民不满意，诉求重新办理` : told,
          audience: 'internal',
          hidden: verdict === 'review' || undefined,
        },
        ...(reopened
          ? { outbox: { $each: [outboxEntry('reopened', 'handlers', '电话回访居民不满意，诉求重新办理', what, now, user._id), outboxEntry('reopened', 'followers', '根据电话回访，您的诉求将重新办理', what, now, user._id)] } }
          : {}),
      },
    };
  });
}

/** Whether the caller may see the 待回访 list: the community's staff, who make the calls. */
export const seesCallBacksDue = (c: RequestCaller) => hasAnyRole(c.community.roles, ['staff']);

/**
 * 待回访: the community's resolved residents' demands without an in-app rating and without a call-back that reached
 * the resident, oldest resolution first (served by `{communityId, callBackDue, resolvedAt, _id}`). Paged by the
 * position of the last one (`<resolvedAt ms>_<id>`). Whom to call is shown as the visibility rule allows staff.
 */
export async function callBacksDue(c: RequestCaller, query: CallBackDueQuery): Promise<{ items: CallBackDueItem[]; nextCursor: string | null }> {
  const { community, actor } = c;
  const filter: Record<string, unknown> = { callBackDue: true };
  // After the position of the last one shown: from its resolution time on (one range on the index), skipping those
  // at that very millisecond up to its id; a few more are read so that such ties cannot shorten the page.
  const TIES = 20;
  let after: { at: number; id: Types.ObjectId } | undefined;
  if (query.cursor) {
    const [ms, last] = query.cursor.split('_');
    after = { at: Number(ms), id: new Types.ObjectId(last) };
    filter.resolvedAt = { $gte: new Date(after.at) };
  }
  const read = (await community.scope.find(RequestModel, filter).sort({ resolvedAt: 1, _id: 1 }).limit(query.limit + 1 + (after ? TIES : 0)).lean()) as unknown as RequestDoc[];
  const docs = after ? read.filter((d) => (d.resolvedAt?.getTime() ?? 0) > after!.at || d._id.toHexString() > after!.id.toHexString()) : read;
  const page = docs.slice(0, query.limit);
  const buildingIds = [...new Set(page.flatMap((d) => (d.buildingId ? [d.buildingId.toHexString()] : [])))];
  const buildings = buildingIds.length ? await BuildingModel.find({ _id: { $in: buildingIds } }, { name: 1 }).lean() : [];
  const items = page.map((d): CallBackDueItem => {
    const audience = audienceOf({ kind: 'member', actor }, d);
    return {
      id: d._id.toHexString(),
      category: d.category,
      title: sees(audience, 'text') ? (d.title ?? undefined) : undefined,
      excerpt: sees(audience, 'text') ? (d.description || VOICE_ONLY_TEXT).slice(0, NOTICE_SUMMARY_CHARS) : '',
      status: d.status,
      buildingName: d.buildingId ? buildings.find((b) => b._id.equals(d.buildingId!))?.name : undefined,
      filerName: sees(audience, 'filerName') ? d.filerName : undefined,
      contact: sees(audience, 'contact') && (d.onBehalf || d.contactPhone) ? { name: d.filerName, phone: d.contactPhone ?? undefined } : undefined,
      resolvedAt: (d.resolvedAt ?? d.updatedAt).toISOString(),
      lastAttemptAt: d.callBack && !d.callBack.reached ? d.callBack.at.toISOString() : undefined,
    };
  });
  const lastDoc = page[page.length - 1];
  return { items, nextCursor: docs.length > query.limit && lastDoc ? `${(lastDoc.resolvedAt ?? lastDoc.updatedAt).getTime()}_${lastDoc._id.toHexString()}` : null };
}
