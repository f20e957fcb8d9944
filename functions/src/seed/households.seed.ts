import type { Types } from 'mongoose';
import { sameOccupantName } from '@linli/shared';
import { BuildingModel } from '../communities/community.model';
import { CommunityScope } from '../lib/scope';
import { changeOccupants, ensureHousehold } from '../households/use-cases';

/**
 * Two occupants of the demo community who do not use WeChat, recorded by staff, so the register shows what it is
 * for: 孙奶奶, who lives alone in 2号楼1单元102 and is reached through her son's number, and 钱爷爷 in 3号楼2单元201
 * with no contact. The members' own households come from their memberships (upsertMember links them). Idempotent:
 * an occupant already there by name is not added again.
 */
export async function seedHouseholds(communityId: Types.ObjectId) {
  const scope = new CommunityScope(communityId);
  const people = [
    { building: '2号楼', unit: '1', room: '102', occupant: { name: '孙奶奶', relation: '户主', phone: '13900000002', phoneNote: '儿子孙强' } },
    { building: '3号楼', unit: '2', room: '201', occupant: { name: '钱爷爷', relation: '户主' } },
  ];
  for (const p of people) {
    const b = await BuildingModel.findOne({ communityId, name: p.building }, { _id: 1 }).lean();
    if (!b) continue;
    const { doc } = await ensureHousehold(scope, { buildingId: b._id, unit: p.unit, room: p.room });
    await changeOccupants(doc._id, (list) => (list.some((o) => sameOccupantName(o.name, p.occupant.name)) ? null : [...list, { ...p.occupant, source: 'staff' as const, addedAt: new Date() }]));
  }
}
