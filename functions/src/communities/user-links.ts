import type { Types } from 'mongoose';
import { UserModel, type UserDoc } from '../auth/user.model';
import { MembershipModel, StreetStaffModel, type MembershipDoc, type StreetStaffDoc } from './community.model';

/**
 * A person's memberships and street roles, read by `_id` from the ids on their user document (which
 * authentication has already read by `_id`). Every role-gated call needs them, and FerretDB on SQLite would
 * scan every membership for a `{userId}` filter; by `_id` each is one row on every engine, whatever the number
 * of members.
 *
 * The ids are added before each insert (the schemas' save hooks; `linkMembership` for upserts), so the list
 * may hold ids whose insert then failed: those read as nothing and are skipped. Users older than the list
 * (no `linksComplete`) are found by `userId` once, and the list is filled in with `$addToSet`, so an insert
 * racing that fill-in is kept either way.
 */
export async function linksOf(user: UserDoc): Promise<{ memberships: MembershipDoc[]; streetRoles: StreetStaffDoc[] }> {
  if (!user.linksComplete) {
    const [memberships, streetRoles] = await Promise.all([MembershipModel.find({ userId: user._id }), StreetStaffModel.find({ userId: user._id })]);
    await UserModel.updateOne(
      { _id: user._id },
      {
        $addToSet: { membershipIds: { $each: memberships.map((m) => m._id) }, streetStaffIds: { $each: streetRoles.map((s) => s._id) } },
        $set: { linksComplete: true },
      },
    );
    return { memberships, streetRoles };
  }
  // One `findById` each rather than `{_id: {$in}}`: FerretDB pushes down only `_id` equality, and a person has
  // a membership or two.
  const [memberships, streetRoles] = await Promise.all([
    Promise.all((user.membershipIds ?? []).map((id) => MembershipModel.findById(id))),
    Promise.all((user.streetStaffIds ?? []).map((id) => StreetStaffModel.findById(id))),
  ]);
  const mine = <D extends { userId: Types.ObjectId }>(d: D | null): d is D => d !== null && d.userId.equals(user._id);
  return { memberships: memberships.filter(mine), streetRoles: streetRoles.filter(mine) };
}

/** For upserts, which bypass the save hooks: put the id on the person's list before the write that may insert it. */
export const linkMembership = (userId: Types.ObjectId, membershipId: Types.ObjectId) =>
  UserModel.updateOne({ _id: userId }, { $addToSet: { membershipIds: membershipId } });
export const linkStreetRole = (userId: Types.ObjectId, streetStaffId: Types.ObjectId) =>
  UserModel.updateOne({ _id: userId }, { $addToSet: { streetStaffIds: streetStaffId } });
