import { Types } from 'mongoose';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { RedemptionModel, RewardModel } from '../src/mall/mall.model';
import { VolunteerModel } from '../src/volunteers/volunteer.model';

// Issue 15, defect 11: the 积分超市 lists what can be redeemed first, cheapest first, and sold-out items last.
describe('mall/order', () => {
  it('lists items in stock by cost, then sold-out items', async () => {
    const world = await seededWorld();
    const staff = await world.token('demo-staff-1');
    for (const [name, cost, stock] of [['已兑完的肥皂', 5, 0], ['贵的体检', 300, 2], ['便宜的毛巾', 8, 4]] as const)
      expect((await call('POST', '/api/rewards', { token: staff, body: { name, cost, stock } })).status).toBe(201);
    const r = await call('GET', '/api/rewards', { token: await world.token('demo-volunteer-1') });
    const items = r.body.items as { name: string; cost: number; stock: number }[];
    const firstSoldOut = items.findIndex((i) => i.stock <= 0);
    expect(items.slice(firstSoldOut).every((i) => i.stock <= 0)).toBe(true);
    const inStock = items.slice(0, firstSoldOut);
    expect(inStock.map((i) => i.cost)).toEqual([...inStock.map((i) => i.cost)].sort((a, b) => a - b));
    expect(items.map((i) => i.name).indexOf('便宜的毛巾')).toBeLessThan(items.map((i) => i.name).indexOf('贵的体检'));
    expect(items.map((i) => i.name).indexOf('贵的体检')).toBeLessThan(items.map((i) => i.name).indexOf('已兑完的肥皂'));
  });
});

// Issue 15, defect 6: the merchant sees what a code is for before using it up.
describe('mall/lookup', () => {
  it('shows the item, the person and the state without fulfilling; only the reward’s merchant (or staff) may look', async () => {
    const world = await seededWorld();
    const demoId = new Types.ObjectId(world.demoId);
    const reward = (await RewardModel.findOne({ communityId: demoId, name: '理发一次' }))!;
    const volunteer = (await VolunteerModel.findOne({ communityId: demoId, name: '赵大姐' }))!;
    const redemption = (code: string, expiresAt: Date) =>
      RedemptionModel.create({ communityId: demoId, code, rewardId: reward._id, rewardName: reward.name, cost: reward.cost, merchantId: reward.merchantId, volunteerId: volunteer._id, volunteerUserId: volunteer.userId, volunteerName: volunteer.name, status: 'issued', released: false, expiresAt, createdAt: new Date() });
    await redemption('LOOKUP23', new Date(Date.now() + 86_400_000));
    await redemption('LOOKUP45', new Date(Date.now() - 1000));
    const merchant = await world.token('demo-merchant-1');
    const seen = await call('GET', '/api/redemptions/LOOKUP23', { token: merchant });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ code: 'LOOKUP23', rewardName: '理发一次', volunteerName: '赵大姐', status: 'issued', cost: reward.cost });
    expect((await RedemptionModel.findOne({ code: 'LOOKUP23' }).lean())!.status).toBe('issued'); // looking uses nothing up
    expect((await call('GET', '/api/redemptions/LOOKUP45', { token: merchant })).body.status).toBe('expired');
    expect((await call('GET', '/api/redemptions/NOSUCH23', { token: merchant })).status).toBe(404);
    // The community's staff may not look at a merchant's code; the merchant then fulfils it.
    expect((await call('GET', '/api/redemptions/LOOKUP23', { token: await world.token('demo-staff-1') })).status).toBe(403);
    expect((await call('POST', '/api/redemptions/LOOKUP23/fulfil', { token: merchant })).body.status).toBe('fulfilled');
    expect((await call('GET', '/api/redemptions/LOOKUP23', { token: merchant })).body.status).toBe('fulfilled');
  });
});
