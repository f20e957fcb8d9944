/**
 * Members on the household register: an active membership with a household is an occupant of that address's
 * record (created if absent); anything else (pending, left, removed, rejected, erased, no household) is an occupant
 * of none. `syncMemberHousehold` makes the register say so, and is safe to run any number of times: the membership
 * changes call it after their own write (communities/membership-changes.ts), the platform CLI and the seed after
 * theirs, and a member's own page (`GET /api/households/mine`) once more when it finds no record, so a crash
 * between the membership's write and the link is mended on the next change or look.
 */
import type { Types } from 'mongoose';
import { sameOccupantName } from '@linli/shared';
import type { MembershipDoc } from '../communities/community.model';
import { CommunityScope } from '../lib/scope';
import { HouseholdModel, type HouseholdRecordDoc, type OccupantDoc } from './household.model';
import { changeOccupants, ensureHousehold } from './use-cases';

/**
 * A member's entry off a household's list: an entry the membership made goes; one staff recorded before the person
 * joined stays, unlinked (they recorded the person, not the account), unless the account is being erased.
 */
const withoutMember = (list: OccupantDoc[], userId: Types.ObjectId, erase: boolean) =>
  list.some((o) => o.userId?.equals(userId))
    ? list.flatMap((o) => {
        if (!o.userId?.equals(userId)) return [o];
        if (o.source === 'member' || erase) return [];
        const { userId: _u, membershipId: _m, ...kept } = o;
        return [kept];
      })
    : null;

/**
 * Takes a person off every household list of a community but `keep` (leaving, a move); with `erase` (account
 * deletion) their entries go whole, whoever recorded them.
 */
export async function unlinkMember(communityId: Types.ObjectId, userId: Types.ObjectId, opts: { keep?: Types.ObjectId; erase?: boolean } = {}): Promise<void> {
  const linked = await HouseholdModel.find({ memberIds: userId, communityId }, { _id: 1 }).lean();
  for (const h of linked) if (!opts.keep?.equals(h._id)) await changeOccupants(h._id, (list) => withoutMember(list, userId, !!opts.erase));
}

/** Makes the register match a membership (see above); answers the member's household record, if they have one. */
export async function syncMemberHousehold(m: MembershipDoc): Promise<HouseholdRecordDoc | null> {
  const h = m.household;
  if (m.status !== 'active' || !h?.buildingId || !h.unit || !h.room) {
    await unlinkMember(m.communityId, m.userId);
    return null;
  }
  const { doc } = await ensureHousehold(new CommunityScope(m.communityId), { buildingId: h.buildingId, unit: h.unit, room: h.room });
  await unlinkMember(m.communityId, m.userId, { keep: doc._id });
  const linked = await changeOccupants(doc._id, (list) => {
    const mine = list.find((o) => o.userId?.equals(m.userId));
    if (mine) return mine.name === m.name || mine.source !== 'member' ? null : list.map((o) => (o === mine ? { ...o, name: m.name } : o));
    // Staff may have recorded the person by name before they joined: that entry becomes theirs.
    const named = list.find((o) => !o.userId && [m.name, m.realName].some((n) => n && sameOccupantName(o.name, n)));
    if (named) return list.map((o) => (o === named ? { ...o, userId: m.userId, membershipId: m._id } : o));
    return [...list, { name: m.name, source: 'member' as const, userId: m.userId, membershipId: m._id, addedAt: new Date() }];
  });
  return linked.ok ? linked.value : null;
}
