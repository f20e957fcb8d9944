import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

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
