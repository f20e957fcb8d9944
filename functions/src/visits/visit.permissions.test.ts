import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { canOnVisit, type VisitActor, type VisitPermission } from './visit.permissions';

// The permission table of visits: every kind of actor × every permission, on a visit to a household of grid 1.
const grid1 = new Types.ObjectId();
const grid2 = new Types.ObjectId();
const actor = (roles: Role[], gridIds: Types.ObjectId[] = []): VisitActor => ({ userId: new Types.ObjectId(), roles, gridIds });

const ACTORS = {
  'a worker of the grid': actor(['grid_worker'], [grid1]),
  'a worker of two grids': actor(['grid_worker', 'resident'], [grid2, grid1]),
  'a worker of another grid': actor(['grid_worker'], [grid2]),
  'a resident who once served the grid': actor(['resident'], [grid1]),
  staff: actor(['staff']),
  admin: actor(['admin']),
  'street staff': actor(['street_staff']),
  resident: actor(['resident']),
  volunteer: actor(['resident', 'volunteer']),
  merchant: actor(['merchant']),
  'a 流动网格员': actor(['mobile_grid']),
} satisfies Record<string, VisitActor>;
type ActorName = keyof typeof ACTORS;

const STAFF: ActorName[] = ['staff', 'admin'];
const GRID: ActorName[] = ['a worker of the grid', 'a worker of two grids'];
// permission → who has it on a visit of grid 1.
const EXPECTED: Record<VisitPermission, ActorName[]> = {
  record: [...GRID, ...STAFF],
  view: [...GRID, ...STAFF],
  list: [...GRID, ...STAFF],
  complete_follow_up: [...GRID, ...STAFF],
  file_request: [...GRID, ...STAFF],
  view_coverage: [...GRID, ...STAFF, 'street staff'],
};

describe('visits/visit.permissions', () => {
  const table = (Object.keys(EXPECTED) as VisitPermission[]).flatMap((p) => (Object.keys(ACTORS) as ActorName[]).map((a) => [p, a, EXPECTED[p].includes(a)] as const));
  it.each(table)('%s by %s: %s', (permission, name, allowed) => {
    expect(canOnVisit(permission, ACTORS[name], { gridId: grid1 })).toBe(allowed);
  });

  it('gives a visit of a household whose building has no grid to staff only', () => {
    for (const p of ['record', 'view', 'complete_follow_up', 'file_request'] as const) {
      expect(canOnVisit(p, ACTORS['a worker of the grid'], {})).toBe(false);
      expect(canOnVisit(p, ACTORS.staff, {})).toBe(true);
    }
  });

  it('lets any grid worker list (their own grids) and read coverage without a subject; street staff the coverage only', () => {
    for (const p of ['list', 'view_coverage'] as const) {
      expect(canOnVisit(p, ACTORS['a worker of another grid'])).toBe(true);
      expect(canOnVisit(p, ACTORS.staff)).toBe(true);
      expect(canOnVisit(p, ACTORS['street staff'])).toBe(p === 'view_coverage');
      expect(canOnVisit(p, ACTORS.resident)).toBe(false);
    }
  });

  it('refuses the single-visit permissions without a subject to a grid worker', () => {
    expect(canOnVisit('view', ACTORS['a worker of the grid'])).toBe(false);
  });
});
