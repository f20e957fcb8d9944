// The seeded demo world, loaded by tests that need it.
import { db } from '../../src/lib/db';
import { seed } from '../../src/seed/seed';
import { BuildingModel, CommunityModel, GridModel } from '../../src/communities/community.model';
import { signIn } from './api';

export async function seededWorld() {
  await db();
  await seed();
  const demo = (await CommunityModel.findOne({ code: 'demo' }))!;
  const river = (await CommunityModel.findOne({ code: 'river' }))!;
  const buildings = await BuildingModel.find({ communityId: demo._id }).sort({ name: 1 });
  const riverBuildings = await BuildingModel.find({ communityId: river._id });
  const grids = await GridModel.find({ communityId: demo._id }).sort({ name: 1 });
  return {
    demoId: demo._id.toHexString(),
    riverId: river._id.toHexString(),
    building: (name: string) => buildings.find((b) => b.name === name)!._id.toHexString(),
    riverBuildingId: riverBuildings[0]!._id.toHexString(),
    gridIds: grids.map((g) => g._id.toHexString()),
    token: async (openid: string) => (await signIn(openid)).token,
  };
}
