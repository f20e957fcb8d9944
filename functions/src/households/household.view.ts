import { Types } from 'mongoose';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  availableHouseholdActions,
  householdAddress,
  visitDue,
  visitInterval,
  type CareFlag,
  type HouseholdRecordView,
} from '@linli/shared';
import type { CommunityContext } from '../communities/community-context';
import { BuildingModel } from '../communities/community.model';
import { writeReadAudit } from '../lib/audit';
import { canOnHousehold, type HouseholdActor } from './household.permissions';
import type { HouseholdRecordDoc } from './household.model';

/**
 * Households as this caller sees them, with the moves they may make (`actions`). Occupants' contacts (phone and
 * whose it is) go only to those the permission table lets see them — staff and the grid's workers — and to the
 * occupant themselves; a resident sees who lives with them, by name and relation.
 */
export async function householdViews(docs: HouseholdRecordDoc[], actor: HouseholdActor, community: CommunityContext, now = new Date()): Promise<HouseholdRecordView[]> {
  if (!docs.length) return [];
  const ids = [...new Set(docs.map((d) => d.buildingId.toHexString()))].map((id) => new Types.ObjectId(id));
  const buildings = await community.scope.find(BuildingModel, { _id: { $in: ids } }).select({ name: 1, gridId: 1 }).lean();
  return docs.map((d) => {
    const b = buildings.find((x) => x._id.equals(d.buildingId));
    const subject = { gridId: b?.gridId, memberIds: d.memberIds };
    const contacts = canOnHousehold('view_contacts', actor, subject);
    const care = canOnHousehold('view_care', actor, subject) ? careOf(d, community, now) : {};
    return {
      id: d._id.toHexString(),
      buildingId: d.buildingId.toHexString(),
      buildingName: b?.name ?? '',
      gridId: b?.gridId.toHexString(),
      unit: d.unit,
      room: d.room,
      address: householdAddress(b?.name ?? '', d.unit, d.room),
      occupantCount: d.occupants.length,
      occupants: d.occupants.map((o) => {
        const isMe = !!o.userId?.equals(actor.userId);
        const shown = contacts || isMe;
        return {
          id: o._id.toHexString(),
          name: o.name,
          relation: o.relation ?? undefined,
          phone: shown ? (o.phone ?? undefined) : undefined,
          phoneNote: shown ? (o.phoneNote ?? undefined) : undefined,
          hasAccount: !!o.userId,
          source: o.source,
          isMe,
        };
      }),
      ...care,
      actions: availableHouseholdActions((a) => canOnHousehold(a, actor, subject)),
    };
  });
}

/** The care flags of a household and where its next visit stands (only for those the table lets see them). */
function careOf(d: HouseholdRecordDoc, community: CommunityContext, now: Date): Pick<HouseholdRecordView, 'careFlags' | 'visit'> {
  const flags = d.careFlags ?? [];
  const intervals = { ...DEFAULT_COMMUNITY_SETTINGS, ...community.community.settings }.careVisitIntervals;
  const interval = visitInterval(flags.map((f) => f.flag as CareFlag), intervals);
  const lastVisitAt = d.lastVisitAt ?? undefined;
  const due = interval === null ? null : visitDue(lastVisitAt, interval, now);
  return {
    careFlags: flags.map((f) => ({ flag: f.flag as CareFlag, note: f.note ?? undefined, setAt: f.setAt.toISOString() })),
    visit: interval === null || !due ? undefined : { intervalDays: interval, lastVisitAt: lastVisitAt?.toISOString(), dueAt: due.dueAt?.toISOString(), state: due.state },
  };
}

/**
 * Records in the audit log that this answer showed care flags (one entry per answer, naming the households whose
 * flags it carried). Run by every route answering households, before the answer goes.
 */
export async function auditCareRead(views: readonly HouseholdRecordView[], ctx: { actor: HouseholdActor; community: CommunityContext; via: string; requestId?: string; now: Date }): Promise<void> {
  const ids = views.filter((v) => v.careFlags?.length).map((v) => v.id);
  await writeReadAudit({
    communityId: ctx.community.communityId,
    actorId: ctx.actor.userId,
    actorName: ctx.community.membership?.name ?? undefined,
    actorRoles: ctx.actor.roles,
    action: 'households.careFlags.read',
    via: ctx.via,
    ids,
    requestId: ctx.requestId,
    at: ctx.now,
  });
}

export const householdView = async (d: HouseholdRecordDoc, actor: HouseholdActor, community: CommunityContext, now?: Date) => (await householdViews([d], actor, community, now))[0]!;
