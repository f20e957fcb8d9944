import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { canOnPatrol, type PatrolActor, type PatrolPermission } from './patrol.permissions';

// The permission table of patrols: every kind of actor × every permission, on a patrol of grid 1 walked by `worker`.
const grid1 = new Types.ObjectId();
const grid2 = new Types.ObjectId();
const workerId = new Types.ObjectId();
const actor = (roles: Role[], gridIds: Types.ObjectId[] = [], userId = new Types.ObjectId()): PatrolActor => ({ userId, roles, gridIds });

const ACTORS = {
  'the patrol’s worker': actor(['grid_worker'], [grid1], workerId),
  'another worker of the grid': actor(['grid_worker'], [grid1]),
  'a worker of another grid': actor(['grid_worker'], [grid2]),
  'the worker, no longer a grid worker': actor(['resident'], [grid1], workerId),
  staff: actor(['staff']),
  admin: actor(['admin']),
  'street staff': actor(['street_staff']),
  resident: actor(['resident']),
  merchant: actor(['merchant']),
} satisfies Record<string, PatrolActor>;
type ActorName = keyof typeof ACTORS;

const STAFF: ActorName[] = ['staff', 'admin'];
// permission → who has it on that patrol (start and coverage: in grid 1).
const EXPECTED: Record<PatrolPermission, ActorName[]> = {
  start: ['the patrol’s worker', 'another worker of the grid'],
  view: ['the patrol’s worker', 'the worker, no longer a grid worker', ...STAFF],
  check_buildings: ['the patrol’s worker', 'the worker, no longer a grid worker'],
  file_finding: ['the patrol’s worker', 'the worker, no longer a grid worker'],
  end: ['the patrol’s worker', 'the worker, no longer a grid worker', ...STAFF],
  view_coverage: ['the patrol’s worker', 'another worker of the grid', ...STAFF],
};

describe('patrols/patrol.permissions', () => {
  const table = (Object.keys(EXPECTED) as PatrolPermission[]).flatMap((p) => (Object.keys(ACTORS) as ActorName[]).map((a) => [p, a, EXPECTED[p].includes(a)] as const));
  it.each(table)('%s by %s: %s', (permission, name, allowed) => {
    expect(canOnPatrol(permission, ACTORS[name], { workerId, gridId: grid1 })).toBe(allowed);
  });

  it('lets a grid worker start a patrol only in a grid they serve', () => {
    expect(canOnPatrol('start', ACTORS['a worker of another grid'], { gridId: grid2 })).toBe(true);
    expect(canOnPatrol('start', ACTORS['a worker of another grid'], { gridId: grid1 })).toBe(false);
    expect(canOnPatrol('start', ACTORS.staff, { gridId: grid1 })).toBe(false);
  });
});
