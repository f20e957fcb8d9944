import { randomInt } from 'node:crypto';
import { Types } from 'mongoose';
import {
  communitiesOutsideStreet,
  streetForNewUnit,
  unitInviteProblem,
  unitInviteTerms,
  type CreateUnitInput,
  type CreateUnitInviteInput,
  type JoinUnitInput,
  type UnitListQuery,
  type UpdateUnitInput,
} from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { CommunityModel } from '../communities/community.model';
import { writeAudit } from '../lib/audit';
import { isDuplicateKey } from '../lib/errors';
import { runOperation } from '../lib/operations';
import { done, refused, type Outcome } from '../lib/outcome';
import { unitContextOf, streetContextOf, type StreetRole } from './unit-context';
import { unitJoin } from './unit-join.operation';
import { UnitInviteModel, UnitMemberModel, UnitModel, type UnitDoc, type UnitInviteDoc, type UnitMemberDoc } from './unit.model';
import { canOnUnit, type UnitActor, type UnitPermission } from './unit.permissions';

// The use cases of units (单位): street staff read their streets' units, street admins keep them and give out join
// codes, anyone with a code joins. Each returns its value or why it was refused (handler.ts maps the reasons).
// None acts in a community, so the HTTP pipeline audits none of them: each write records itself here.

const actorOf = (roles: readonly StreetRole[]): UnitActor => ({ streets: roles.map((r) => ({ streetId: r.streetId, admin: r.admin })) });

/** The audit entry of a street admin's change or a join (street-level: no community). */
async function audit(user: UserDoc, action: string, target: Record<string, string>, before: unknown, after: unknown, at: Date, actorRoles: ('street_staff')[] = ['street_staff']) {
  await writeAudit({ actorId: user._id, actorName: user.nickname, actorRoles, action, target, before, after, status: 200, at });
}
const auditedUnit = (u: UnitDoc | null) =>
  u && { name: u.name, type: u.type, phone: u.phone, communityIds: u.communityIds.map(String), active: u.active };
const auditedMember = (m: UnitMemberDoc | null) => m && { userId: String(m.userId), name: m.name, phone: m.phone, active: m.active };

/** The unit if the caller may do `permission` on it; `unit_not_found` hides the units of streets they do not serve. */
async function unitFor(user: UserDoc, unitId: string, permission: UnitPermission) {
  const roles = await streetContextOf(user);
  if (!roles.length) return refused('not_street_staff');
  const unit = await UnitModel.findById(unitId).lean<UnitDoc>();
  const actor = actorOf(roles);
  if (!unit || !canOnUnit('view', actor, unit)) return refused('unit_not_found');
  if (!canOnUnit(permission, actor, unit)) return refused('not_street_admin');
  return done({ unit, roles, actor });
}

/** 单位管理: the units of the caller's streets (one type, or serving one community), with member counts, and their streets. */
export async function listStreetUnits(
  user: UserDoc,
  query: UnitListQuery,
): Promise<Outcome<{ units: UnitDoc[]; memberCounts: number[]; roles: StreetRole[]; communities: { _id: Types.ObjectId; name: string; streetId: Types.ObjectId }[] }, 'not_street_staff'>> {
  const roles = await streetContextOf(user);
  if (!roles.length) return refused('not_street_staff');
  const streetIds = roles.map((r) => r.streetId);
  const communities = await CommunityModel.find({ streetId: { $in: streetIds } }, { name: 1, streetId: 1 }).sort({ name: 1 }).lean();
  let units: UnitDoc[];
  if (query.communityId) {
    // Only a community of the caller's streets: another street's units stay unseen whatever id is asked for.
    const ofMine = communities.some((c) => c._id.equals(query.communityId!));
    units = ofMine ? await UnitModel.find({ communityIds: new Types.ObjectId(query.communityId) }).lean<UnitDoc[]>() : [];
    if (query.type) units = units.filter((u) => u.type === query.type);
  } else {
    units = await UnitModel.find({ streetId: { $in: streetIds }, ...(query.type ? { type: query.type } : {}) }).lean<UnitDoc[]>();
  }
  units = units.filter((u) => canOnUnit('list', actorOf(roles), u) && (query.activeOnly === 'false' || u.active));
  units.sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, 'zh-CN'));
  // A street has tens of units: one count each, served by the {unitId, userId} index.
  const memberCounts = await Promise.all(units.map((u) => UnitMemberModel.countDocuments({ unitId: u._id, active: true })));
  return done({ units, memberCounts, roles, communities });
}

/** A unit with its people (active and deactivated, newest first); their phones only for the street's admins. */
export async function getStreetUnit(user: UserDoc, unitId: string) {
  const found = await unitFor(user, unitId, 'view');
  if (!found.ok) return found;
  const { unit, actor } = found.value;
  const members = await UnitMemberModel.find({ unitId: unit._id }).lean<UnitMemberDoc[]>();
  members.sort((a, b) => Number(b.active) - Number(a.active) || (b.joinedAt ?? b.createdAt).getTime() - (a.joinedAt ?? a.createdAt).getTime());
  return done({ unit, members, contacts: canOnUnit('view_contacts', actor, unit) });
}

/** The communities of `ids` that are the street's, or the refusal when any is not. */
async function streetCommunities(streetId: Types.ObjectId, ids: readonly string[]) {
  const ofStreet = await CommunityModel.find({ streetId }, { _id: 1 }).lean();
  const outside = communitiesOutsideStreet(ids, ofStreet.map((c) => c._id.toHexString()));
  return outside.length ? null : [...new Set(ids)].map((id) => new Types.ObjectId(id));
}

/** A street admin creates a unit of their street, serving some of its communities. */
export async function createUnit(user: UserDoc, body: CreateUnitInput, now: Date): Promise<Outcome<UnitDoc, 'not_street_staff' | 'not_street_admin' | 'choose_street' | 'bad_communities' | 'name_taken'>> {
  const roles = await streetContextOf(user);
  if (!roles.length) return refused('not_street_staff');
  const adminStreets = roles.filter((r) => canOnUnit('create', actorOf(roles), r)).map((r) => r.streetId.toHexString());
  if (!adminStreets.length) return refused('not_street_admin');
  const streetHex = streetForNewUnit(body.streetId, adminStreets);
  if (!streetHex) return refused(body.streetId ? 'not_street_admin' : 'choose_street');
  const streetId = new Types.ObjectId(streetHex);
  const communityIds = await streetCommunities(streetId, body.communityIds);
  if (!communityIds) return refused('bad_communities');
  try {
    const unit = (await UnitModel.create({ streetId, type: body.type, name: body.name, communityIds, phone: body.phone, active: true, createdBy: user._id })).toObject() as UnitDoc;
    await audit(user, 'units.create', { unitId: unit._id.toHexString(), streetId: streetHex }, undefined, auditedUnit(unit), now);
    return done(unit);
  } catch (err) {
    // Two admins creating the same name at once: the unique {streetId, name} index lets one through.
    if (isDuplicateKey(err)) return refused('name_taken');
    throw err;
  }
}

/** A street admin changes a unit: name, type, phone, the communities it serves, or (de)activates it. */
export async function updateUnit(user: UserDoc, unitId: string, body: UpdateUnitInput, now: Date) {
  const found = await unitFor(user, unitId, 'update');
  if (!found.ok) return found;
  const { unit } = found.value;
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  if (body.name !== undefined) $set.name = body.name;
  if (body.type !== undefined) $set.type = body.type;
  if (body.active !== undefined) $set.active = body.active;
  if (body.phone) $set.phone = body.phone;
  else if (body.phone === '') $unset.phone = 1;
  if (body.communityIds) {
    const ids = await streetCommunities(unit.streetId, body.communityIds);
    if (!ids) return refused('bad_communities');
    $set.communityIds = ids;
  }
  try {
    // Each field is set as given (no decision reads the unit's other fields), so concurrent edits of different
    // fields both land; the street stays as it was (a unit never moves street: its dispatches name it).
    const updated = await UnitModel.findOneAndUpdate({ _id: unit._id, streetId: unit.streetId }, { $set, $unset }, { new: true }).lean<UnitDoc>();
    if (!updated) return refused('unit_not_found');
    await audit(user, 'units.update', { unitId: unit._id.toHexString(), streetId: unit.streetId.toHexString() }, auditedUnit(unit), auditedUnit(updated), now);
    return done(updated);
  } catch (err) {
    if (isDuplicateKey(err)) return refused('name_taken');
    throw err;
  }
}

// Letters and digits without look-alikes (0/O, 1/I), as the communities' invite codes.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/** A street admin gives a join code for the unit's new person (one use, or 50 within 7 days). */
export async function createUnitInvite(user: UserDoc, unitId: string, body: CreateUnitInviteInput, now: Date) {
  const found = await unitFor(user, unitId, 'invite');
  if (!found.ok) return found;
  const { unit } = found.value;
  if (!unit.active) return refused('unit_inactive');
  const terms = unitInviteTerms(body.kind, now);
  for (let attempt = 0; ; attempt++) {
    try {
      const invite = (
        await UnitInviteModel.create({ unitId: unit._id, streetId: unit.streetId, code: newCode(), ...terms, remaining: terms.maxUses, appliedOps: [], revoked: false, createdBy: user._id })
      ).toObject() as UnitInviteDoc;
      await audit(user, 'units.invites.create', { unitId: unit._id.toHexString(), inviteId: invite._id.toHexString() }, undefined, { maxUses: invite.maxUses, expiresAt: invite.expiresAt }, now);
      return done({ invite, unit });
    } catch (err) {
      // A code collision is astronomically rare; the unique index catches it and we draw again.
      if (!isDuplicateKey(err) || attempt >= 3) throw err;
    }
  }
}

/** A street admin deactivates a unit's person: they no longer see or handle its requests. Again is a no-op. */
export async function removeUnitMember(user: UserDoc, unitId: string, memberUserId: string, now: Date) {
  const found = await unitFor(user, unitId, 'remove_member');
  if (!found.ok) return found;
  const { unit } = found.value;
  const userId = new Types.ObjectId(memberUserId);
  const before = await UnitMemberModel.findOne({ unitId: unit._id, userId }).lean<UnitMemberDoc>();
  if (!before) return refused('member_not_found');
  if (!before.active) return done(before);
  const after = await UnitMemberModel.findOneAndUpdate({ _id: before._id, active: true }, { $set: { active: false } }, { new: true }).lean<UnitMemberDoc>();
  // Deactivated meanwhile by another admin: the same end state.
  if (!after) return done((await UnitMemberModel.findById(before._id).lean<UnitMemberDoc>())!);
  await audit(user, 'units.members.remove', { unitId: unit._id.toHexString(), userId: memberUserId }, auditedMember(before), auditedMember(after), now);
  return done(after);
}

/** Anyone signed in becomes a person of a unit with the join code its street admin gave them. */
export async function joinUnit(user: UserDoc, body: JoinUnitInput, now: Date) {
  const invite = await UnitInviteModel.findOne({ code: body.code.toUpperCase() }).lean<UnitInviteDoc>();
  if (!invite) return refused('bad_code');
  const unit = await UnitModel.findById(invite.unitId).lean<UnitDoc>();
  const problem = unitInviteProblem(invite, unit, now);
  if (problem) return refused(problem);
  if (await UnitMemberModel.exists({ unitId: invite.unitId, userId: user._id, active: true })) return refused('already_member');
  const outcome = await runOperation(unitJoin, {
    unitId: invite.unitId,
    streetId: invite.streetId,
    userId: user._id,
    inviteId: invite._id,
    member: { name: body.name, ...(body.phone ? { phone: body.phone } : {}) },
    at: now,
  });
  // The code was valid a moment ago: it was spent or revoked meanwhile (the race the conditional use settles).
  if (!outcome.ok) return refused(outcome.reason === 'already_member' ? 'already_member' : 'used_up');
  const member = (await UnitMemberModel.findOne({ unitId: invite.unitId, userId: user._id }).lean<UnitMemberDoc>())!;
  await writeAudit({
    actorId: user._id,
    actorName: body.name,
    actorRoles: [],
    action: 'units.join',
    target: { unitId: invite.unitId.toHexString(), inviteId: invite._id.toHexString() },
    after: auditedMember(member),
    status: 201,
    at: now,
  });
  return done({ unit: unit!, member });
}

/** The caller's units (their 工作台). */
export const myUnits = (user: UserDoc) => unitContextOf(user);
