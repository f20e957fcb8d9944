import { PATROL_STATUSES, PATROL_VIEW_ACTIONS, type PatrolStatus, type PatrolViewAction } from './patrol.schema';
import { availablePatrolActions, buildingsOutsideGrid, patrolOpenKey, patrolTransition, weeklyCoverage } from './patrol.rules';

describe('patrols/patrol.rules state machine', () => {
  // Every move from every status: where it leads, or the refusal.
  const EXPECTED: Record<PatrolViewAction, Record<PatrolStatus, PatrolStatus | 'refused'>> = {
    check_buildings: { ongoing: 'ongoing', ended: 'refused' },
    file_finding: { ongoing: 'ongoing', ended: 'refused' },
    end: { ongoing: 'ended', ended: 'refused' },
  };
  const table = PATROL_VIEW_ACTIONS.flatMap((move) => PATROL_STATUSES.map((status) => [move, status, EXPECTED[move][status]] as const));
  it.each(table)('%s from %s → %s', (move, status, outcome) => {
    const t = patrolTransition(status, move);
    expect(t).toEqual(outcome === 'refused' ? { ok: false, reason: 'ended' } : { ok: true, to: outcome });
  });

  it('offers the moves the caller is permitted that the state allows, in order', () => {
    expect(availablePatrolActions('ongoing', () => true)).toEqual(['check_buildings', 'file_finding', 'end']);
    expect(availablePatrolActions('ongoing', (a) => a === 'end')).toEqual(['end']);
    expect(availablePatrolActions('ended', () => true)).toEqual([]);
  });
});

describe('patrols/patrol.rules one ongoing patrol per worker', () => {
  it('keys an ongoing patrol by its worker and an ended one by itself, so only the ongoing ones can collide', () => {
    expect(patrolOpenKey('ongoing', 'w1', 'p1')).toBe('w1');
    expect(patrolOpenKey('ongoing', 'w1', 'p2')).toBe(patrolOpenKey('ongoing', 'w1', 'p1'));
    expect(patrolOpenKey('ended', 'w1', 'p1')).toBe('ended:p1');
    expect(patrolOpenKey('ended', 'w1', 'p2')).not.toBe(patrolOpenKey('ended', 'w1', 'p1'));
  });
});

describe('patrols/patrol.rules buildings', () => {
  it('names the requested buildings outside the grid by position', () => {
    expect(buildingsOutsideGrid(['b1', 'b2'], ['b2', 'b9', 'b1', 'b8'])).toEqual([1, 3]);
    expect(buildingsOutsideGrid(['b1', 'b2'], ['b1', 'b1'])).toEqual([]);
    expect(buildingsOutsideGrid([], ['b1'])).toEqual([0]);
  });

  it('counts each grid’s buildings checked per week once, by any of its patrols, and nothing outside the grid', () => {
    const grids = [
      { gridId: 'g1', buildingIds: ['b1', 'b2', 'b3', 'b4'] },
      { gridId: 'g2', buildingIds: ['b5'] },
      { gridId: 'g3', buildingIds: [] },
    ];
    const patrols = [
      { gridId: 'g1', week: '2026-W10', checkedBuildingIds: ['b1', 'b2'] },
      { gridId: 'g1', week: '2026-W10', checkedBuildingIds: ['b2', 'b3', 'b5'] }, // b5 is not g1's
      { gridId: 'g1', week: '2026-W11', checkedBuildingIds: ['b4'] },
      { gridId: 'g2', week: '2026-W09', checkedBuildingIds: ['b5'] }, // another week
    ];
    expect(weeklyCoverage(grids, patrols, ['2026-W10', '2026-W11'])).toEqual([
      { week: '2026-W10', gridId: 'g1', checked: 3, buildings: 4, rate: 0.75 },
      { week: '2026-W10', gridId: 'g2', checked: 0, buildings: 1, rate: 0 },
      { week: '2026-W10', gridId: 'g3', checked: 0, buildings: 0, rate: null },
      { week: '2026-W11', gridId: 'g1', checked: 1, buildings: 4, rate: 0.25 },
      { week: '2026-W11', gridId: 'g2', checked: 0, buildings: 1, rate: 0 },
      { week: '2026-W11', gridId: 'g3', checked: 0, buildings: 0, rate: null },
    ]);
  });
});
