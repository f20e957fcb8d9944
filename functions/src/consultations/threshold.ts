import { Types } from 'mongoose';
import { DEFAULT_COMMUNITY_SETTINGS, consultationTransition, supportThreshold } from '@linli/shared';
import { CommunityModel, MembershipModel } from '../communities/community.model';
import { ConsultationModel, SupportModel, type ConsultationDoc } from './consultation.model';
import { buildingsInScope, householdsInScope, loadWorld, type ScopeWorld, type TopicScope } from './consultation.scope';
import { deliverTopicOutbox, topicNotice } from './consultation.notify';
import { event } from './voting';

// The support threshold of a topic still collecting (issue 15): at most half of the residents who may support it
// (the author excluded, at least 1) unless the community configured 议题附议人数, and always the current rule: a
// changed setting, or residents moving in or out of the scope, recount the topics still collecting — when a topic
// is read, supported or acted on, and by the scheduled job for topics nobody opens. Each recount is one conditional
// update on the old threshold (with a timeline entry); a topic whose support meets the threshold moves to review
// by one conditional update on that threshold and count, so supports racing a recount never move it twice.

const SYSTEM = new Types.ObjectId('000000000000000000000000');

const scopeKey = (s: TopicScope) => `${s.level}:${s.id.toHexString()}`;

/** The community's configured 议题附议人数, or null for the default rule. */
export function configuredThreshold(settings: Partial<typeof DEFAULT_COMMUNITY_SETTINGS> | undefined | null): number | null {
  return { ...DEFAULT_COMMUNITY_SETTINGS, ...(settings ?? {}) }.consultationSupportThreshold ?? null;
}

/**
 * The threshold of each topic by the rule of today, with the number of residents who may support it (null when the
 * community's configured number applies and nothing was counted). A count per distinct scope, and one query for the
 * authors' memberships.
 */
export async function thresholdsFor(
  world: ScopeWorld,
  configured: number | null,
  topics: Pick<ConsultationDoc, 'scope' | 'authorId'>[],
): Promise<{ threshold: number; eligible: number | null }[]> {
  if (configured) return topics.map((t) => ({ threshold: supportThreshold(householdsInScope(world, t.scope), configured), eligible: null }));
  const counts = new Map<string, number>();
  for (const t of topics) {
    const key = scopeKey(t.scope);
    if (counts.has(key)) continue;
    const ids = buildingsInScope(world, t.scope).map((b) => b._id);
    counts.set(key, ids.length ? await MembershipModel.countDocuments({ communityId: world.communityId, status: 'active', 'household.buildingId': { $in: ids } }) : 0);
  }
  const authorIds = [...new Map(topics.map((t) => [t.authorId.toHexString(), t.authorId])).values()];
  const authors = authorIds.length
    ? await MembershipModel.find({ communityId: world.communityId, userId: { $in: authorIds } }, { userId: 1, status: 1, household: 1 }).lean()
    : [];
  return topics.map((t) => {
    const m = authors.find((a) => a.userId.equals(t.authorId));
    const buildingId = m?.status === 'active' ? m.household?.buildingId : undefined;
    const authorInScope = !!buildingId && buildingsInScope(world, t.scope).some((b) => b._id.equals(buildingId));
    const eligible = Math.max(0, counts.get(scopeKey(t.scope))! - (authorInScope ? 1 : 0));
    return { threshold: supportThreshold(householdsInScope(world, t.scope), null, eligible), eligible };
  });
}

/**
 * Sends a collecting topic whose support meets its threshold to review: conditional on the status, the threshold it
 * was judged by and the count, so it happens once however many supports and recounts race.
 */
export async function reachIfMet(doc: ConsultationDoc, now: Date, actorId: Types.ObjectId = SYSTEM): Promise<ConsultationDoc> {
  if (doc.status !== 'collecting' || doc.supportCount < doc.supportThreshold) return doc;
  const t = consultationTransition('collecting', 'threshold_reached');
  if (!t.ok) return doc;
  const T = doc.supportThreshold;
  const moved = await ConsultationModel.findOneAndUpdate(
    { _id: doc._id, status: 'collecting', supportThreshold: T, supportCount: { $gte: T } },
    {
      $set: { status: t.to },
      $push: {
        timeline: event('threshold_reached', actorId, undefined, now, `附议达到${T}人，提交社区审核`),
        outbox: topicNotice('threshold_reached', 'author', '您的提案附议已达标，等待社区审核', doc, now),
      },
      $inc: { rev: 1 },
    },
    { new: true },
  );
  if (moved) {
    await deliverTopicOutbox(moved);
    return moved;
  }
  return (await ConsultationModel.findById(doc._id)) ?? doc;
}

/** Brings the thresholds of the collecting topics among `docs` to the current rule; returns the docs as they are now. */
export async function syncThresholds(docs: ConsultationDoc[], world: ScopeWorld, configured: number | null, now: Date): Promise<ConsultationDoc[]> {
  const collecting = docs.filter((d) => d.status === 'collecting' && !d.byStaff);
  if (!collecting.length) return docs;
  const wanted = await thresholdsFor(world, configured, collecting);
  const after = new Map<string, ConsultationDoc>();
  for (const [i, doc] of collecting.entries()) {
    const { threshold, eligible } = wanted[i]!;
    let current = doc;
    if (threshold !== doc.supportThreshold) {
      const count = await SupportModel.countDocuments({ consultationId: doc._id });
      const why = configured ? `社区设置的议题附议人数为${configured}人` : `范围内可附议的居民${eligible}人，最多需其半数`;
      current =
        (await ConsultationModel.findOneAndUpdate(
          { _id: doc._id, status: 'collecting', supportThreshold: doc.supportThreshold },
          {
            $set: { supportThreshold: threshold },
            $max: { supportCount: count },
            $push: { timeline: event('threshold_changed', SYSTEM, undefined, now, `附议人数由${doc.supportThreshold}人调整为${threshold}人（${why}）`) },
            $inc: { rev: 1 },
          },
          { new: true },
        )) ??
        (await ConsultationModel.findById(doc._id)) ??
        doc;
    }
    after.set(doc._id.toHexString(), await reachIfMet(current, now));
  }
  return docs.map((d) => after.get(d._id.toHexString()) ?? d);
}

/** The scheduled job's part: every topic still collecting, community by community. Returns how many changed. */
export async function syncAllThresholds(now: Date): Promise<number> {
  const docs = await ConsultationModel.find({ status: 'collecting' }).limit(2000);
  const byCommunity = new Map<string, ConsultationDoc[]>();
  for (const d of docs) byCommunity.set(d.communityId.toHexString(), [...(byCommunity.get(d.communityId.toHexString()) ?? []), d]);
  let changed = 0;
  for (const list of byCommunity.values()) {
    const community = await CommunityModel.findById(list[0]!.communityId, { name: 1, settings: 1 }).lean();
    if (!community) continue;
    const world = await loadWorld(community._id, community.name);
    const after = await syncThresholds(list, world, configuredThreshold(community.settings), now);
    changed += after.filter((d, i) => d.rev !== list[i]!.rev).length;
  }
  return changed;
}
