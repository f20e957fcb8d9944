import { Types } from 'mongoose';
import { UNIT_TYPES, assertCleanText, type Role, type UnitType } from '@linli/shared';
import { UserModel, newUserDoc } from '../auth/user.model';
import { linkMembership, linkStreetRole } from '../communities/user-links';
import {
  BuildingModel,
  CommunityModel,
  GridModel,
  MembershipModel,
  StreetModel,
  StreetStaffModel,
  newCommunityDoc,
  newMembershipDoc,
} from '../communities/community.model';
import { syncMemberHousehold } from '../households/member-link';
import { UnitMemberModel, UnitModel, type UnitDoc, type UnitMemberDoc } from '../units/unit.model';
import { writeAudit } from '../lib/audit';

// Platform-operator actions (the `npm run admin` CLI and the seed). Every one is an upsert on a unique key,
// so running them again changes nothing. Names and codes residents will read are refused with the API's own
// text rules (common/text.ts): a control character or bidi override typed or pasted by an operator throws.
const clean = (s: string, label: string) => assertCleanText(s, 'line', label);

export async function upsertStreet(code: string, name: string) {
  clean(code, '街道代码');
  clean(name, '街道名称');
  return (await StreetModel.findOneAndUpdate({ code }, { $setOnInsert: { code, name } }, { upsert: true, new: true }))!;
}

export async function upsertCommunity(streetCode: string, code: string, name: string) {
  clean(code, '社区代码');
  clean(name, '社区名称');
  const street = await StreetModel.findOne({ code: streetCode });
  if (!street) throw new Error(`street ${streetCode} not found`);
  return (await CommunityModel.findOneAndUpdate(
    { code },
    { $setOnInsert: newCommunityDoc({ code, name, streetId: street._id }) },
    { upsert: true, new: true },
  ))!;
}

async function communityByCode(code: string) {
  const c = await CommunityModel.findOne({ code });
  if (!c) throw new Error(`community ${code} not found`);
  return c;
}

export async function upsertGrid(communityCode: string, name: string) {
  clean(name, '网格名称');
  const c = await communityByCode(communityCode);
  return (await GridModel.findOneAndUpdate({ communityId: c._id, name }, { $setOnInsert: { communityId: c._id, name } }, { upsert: true, new: true }))!;
}

export async function upsertBuilding(communityCode: string, gridName: string, name: string, households: number) {
  clean(name, '楼栋名称');
  const c = await communityByCode(communityCode);
  const grid = await GridModel.findOne({ communityId: c._id, name: gridName });
  if (!grid) throw new Error(`grid ${gridName} not found in ${communityCode}`);
  return (await BuildingModel.findOneAndUpdate(
    { communityId: c._id, name },
    { $setOnInsert: { communityId: c._id, name, gridId: grid._id, households } },
    { upsert: true, new: true },
  ))!;
}

async function upsertUser(openid: string, nickname: string) {
  clean(nickname, '昵称');
  return (await UserModel.findOneAndUpdate({ openid }, { $setOnInsert: newUserDoc({ openid, nickname }) }, { upsert: true, new: true }))!;
}

export interface MemberSpec {
  openid: string;
  name: string;
  roles: Role[];
  building?: string;
  unit?: string;
  room?: string;
  phone?: string;
  grids?: string[];
}

/** Creates an active member with roles (the first admin of a community, demo accounts). */
export async function upsertMember(communityCode: string, spec: MemberSpec) {
  clean(spec.name, '姓名');
  for (const [v, label] of [[spec.unit, '单元'], [spec.room, '房号']] as const) if (v !== undefined) clean(v, label);
  const c = await communityByCode(communityCode);
  const user = await upsertUser(spec.openid, spec.name);
  let household: { buildingId: Types.ObjectId; unit: string; room: string } | undefined;
  if (spec.building) {
    const b = await BuildingModel.findOne({ communityId: c._id, name: spec.building });
    if (!b) throw new Error(`building ${spec.building} not found`);
    household = { buildingId: b._id, unit: spec.unit ?? '1', room: spec.room ?? '101' };
  }
  const gridIds = spec.grids?.length ? (await GridModel.find({ communityId: c._id, name: { $in: spec.grids } })).map((g) => g._id) : [];
  const now = new Date();
  // An upsert skips the save hook: the id goes on the person's list first (a spare one if it existed).
  const _id = new Types.ObjectId();
  await linkMembership(user._id, _id);
  const m = (await MembershipModel.findOneAndUpdate(
    { communityId: c._id, userId: user._id },
    {
      $setOnInsert: newMembershipDoc({
        _id,
        communityId: c._id,
        userId: user._id,
        status: 'active',
        roles: spec.roles,
        name: spec.name,
        phone: spec.phone,
        household,
        gridIds,
        joinedAt: now,
        history: [{ type: 'joined', actorId: user._id, at: now, note: '平台初始化' }],
      }),
    },
    { upsert: true, new: true },
  ))!;
  // A resident's membership puts them on their household's record (created if absent), as joining does.
  await syncMemberHousehold(m);
  return m;
}

export async function addStreetStaff(streetCode: string, openid: string, name: string) {
  clean(name, '姓名');
  const street = await StreetModel.findOne({ code: streetCode });
  if (!street) throw new Error(`street ${streetCode} not found`);
  const user = await upsertUser(openid, name);
  const _id = new Types.ObjectId();
  await linkStreetRole(user._id, _id);
  await StreetStaffModel.updateOne({ userId: user._id, streetId: street._id }, { $setOnInsert: { _id, userId: user._id, streetId: street._id } }, { upsert: true });
  return user;
}

/** 街道管理员 on (or off): street staff who also manage the street's units; made street staff first if they are not. */
export async function setStreetAdmin(streetCode: string, openid: string, admin: boolean) {
  const street = await StreetModel.findOne({ code: streetCode });
  if (!street) throw new Error(`street ${streetCode} not found`);
  const user = await UserModel.findOne({ openid });
  if (!user) throw new Error(`user ${openid} not found (add them with add-street-staff first)`);
  const r = await StreetStaffModel.updateOne({ userId: user._id, streetId: street._id }, { $set: { admin } });
  if (r.matchedCount === 0) throw new Error(`${openid} is not street staff of ${streetCode} (add-street-staff first)`);
  // Recorded when it changed something (the seed grants again on every run).
  if (r.modifiedCount) await writeAudit({ actorName: 'npm run admin', actorRoles: [], action: admin ? 'units.streetAdmin.grant' : 'units.streetAdmin.revoke', target: { streetId: String(street._id), userId: String(user._id) }, status: 200, at: new Date() });
  return user;
}

/** A unit (单位) of a street serving some of its communities (by code); again with the same name changes nothing. */
export async function upsertUnit(streetCode: string, type: string, name: string, communityCodes: string[], phone?: string) {
  clean(name, '单位名称');
  if (!(UNIT_TYPES as readonly string[]).includes(type)) throw new Error(`unit type must be one of ${UNIT_TYPES.join(', ')}`);
  const street = await StreetModel.findOne({ code: streetCode });
  if (!street) throw new Error(`street ${streetCode} not found`);
  const communities = await Promise.all(communityCodes.map((code) => communityByCode(code)));
  const foreign = communities.filter((c) => !c.streetId.equals(street._id));
  if (foreign.length) throw new Error(`communities ${foreign.map((c) => c.code).join(', ')} are not of street ${streetCode}`);
  const existed = await UnitModel.exists({ streetId: street._id, name });
  const unit = (await UnitModel.findOneAndUpdate(
    { streetId: street._id, name },
    { $setOnInsert: { streetId: street._id, name, type: type as UnitType, communityIds: communities.map((c) => c._id), ...(phone ? { phone } : {}), active: true } },
    { upsert: true, new: true },
  ).lean<UnitDoc>())!;
  if (!existed) await writeAudit({ actorName: 'npm run admin', actorRoles: [], action: 'units.create', target: { unitId: String(unit._id), streetId: String(street._id) }, after: { name, type, communityIds: unit.communityIds.map(String) }, status: 200, at: new Date() });
  return unit;
}

/** A person of a unit (named or by id), active; their WeChat account is created if it does not exist yet. */
export async function addUnitMember(unitNameOrId: string, openid: string, name: string, phone?: string) {
  clean(name, '姓名');
  const units = Types.ObjectId.isValid(unitNameOrId) && /^[0-9a-f]{24}$/.test(unitNameOrId)
    ? await UnitModel.find({ _id: unitNameOrId }).lean<UnitDoc[]>()
    : await UnitModel.find({ name: unitNameOrId }).lean<UnitDoc[]>();
  if (units.length !== 1) throw new Error(units.length ? `several units are named ${unitNameOrId}: give its id` : `unit ${unitNameOrId} not found`);
  const unit = units[0]!;
  const user = await upsertUser(openid, name);
  const now = new Date();
  const before = await UnitMemberModel.findOne({ unitId: unit._id, userId: user._id }, { active: 1 }).lean();
  const member = (await UnitMemberModel.findOneAndUpdate(
    { unitId: unit._id, userId: user._id },
    { $set: { active: true, name, ...(phone ? { phone } : {}) }, $setOnInsert: { unitId: unit._id, streetId: unit.streetId, userId: user._id, joinedAt: now } },
    { upsert: true, new: true },
  ).lean<UnitMemberDoc>())!;
  if (!before?.active) await writeAudit({ actorName: 'npm run admin', actorRoles: [], action: 'units.members.add', target: { unitId: String(unit._id), userId: String(user._id) }, after: { name, active: true }, status: 200, at: now });
  return member;
}
