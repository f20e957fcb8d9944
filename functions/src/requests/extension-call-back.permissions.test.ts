import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { canOnRequest, holdsRequest, type RequestActor, type RequestSubject } from './request.permissions';

// The rows of the request permission table for 延期申请, 延期审批 and 回访, as a table: who × which request × permission.
const grid = new Types.ObjectId();
const assignee = new Types.ObjectId();
const unit = new Types.ObjectId();
const otherUnit = new Types.ObjectId();
const actor = (roles: Role[], extra: Partial<RequestActor> = {}): RequestActor => ({ userId: new Types.ObjectId(), roles, gridIds: [], ...extra });

const ACTORS: Record<string, RequestActor> = {
  resident: actor(['resident']),
  'assignee (grid worker)': actor(['grid_worker'], { userId: assignee, gridIds: [grid] }),
  'grid worker of the grid': actor(['grid_worker'], { gridIds: [grid] }),
  staff: actor(['staff']),
  admin: actor(['admin']),
  'street staff': actor(['street_staff']),
  'lead unit member': actor([], { unitIds: [unit] }),
  'helper unit member': actor([], { unitIds: [otherUnit] }),
};

const base: RequestSubject = { assigneeId: assignee, gridId: grid, level: 'grid', public: false, contentStatus: 'pass', extensionCount: 0 };
const SUBJECTS: Record<string, RequestSubject> = {
  'held by a person': base,
  'first extension pending': { ...base, extension: { status: 'requested' } },
  'second extension pending': { ...base, extension: { status: 'requested' }, extensionCount: 1 },
  'street level, first pending': { ...base, level: 'street', extension: { status: 'requested' } },
  'lead unit at work': {
    ...base,
    dispatches: [
      { unitId: unit, role: 'lead', status: 'acknowledged' },
      { unitId: otherUnit, role: 'helper', status: 'dispatched' },
    ],
  },
};

// [request_extension, decide_extension, call_back] for each actor on each subject.
type Row = [boolean, boolean, boolean];
const EXPECTED: Record<string, Record<string, Row>> = {
  'held by a person': {
    resident: [false, false, false],
    'assignee (grid worker)': [true, false, false],
    'grid worker of the grid': [false, false, false],
    staff: [false, true, true],
    admin: [false, true, true],
    'street staff': [false, false, false],
    'lead unit member': [false, false, false],
    'helper unit member': [false, false, false],
  },
  'first extension pending': {
    resident: [false, false, false],
    'assignee (grid worker)': [true, false, false],
    'grid worker of the grid': [false, false, false],
    staff: [false, true, true],
    admin: [false, true, true],
    'street staff': [false, false, false],
    'lead unit member': [false, false, false],
    'helper unit member': [false, false, false],
  },
  // 不得二次延期，除非街道审批: only the street decides.
  'second extension pending': {
    resident: [false, false, false],
    'assignee (grid worker)': [true, false, false],
    'grid worker of the grid': [false, false, false],
    staff: [false, false, true],
    admin: [false, false, true],
    'street staff': [false, true, false],
    'lead unit member': [false, false, false],
    'helper unit member': [false, false, false],
  },
  'street level, first pending': {
    resident: [false, false, false],
    'assignee (grid worker)': [true, false, false],
    'grid worker of the grid': [false, false, false],
    staff: [false, false, true],
    admin: [false, false, true],
    'street staff': [false, true, false],
    'lead unit member': [false, false, false],
    'helper unit member': [false, false, false],
  },
  // While the lead unit is at work it holds the request: the person assignee no longer asks.
  'lead unit at work': {
    resident: [false, false, false],
    'assignee (grid worker)': [false, false, false],
    'grid worker of the grid': [false, false, false],
    staff: [false, true, true],
    admin: [false, true, true],
    'street staff': [false, false, false],
    'lead unit member': [true, false, false],
    'helper unit member': [false, false, false],
  },
};

describe('requests/permissions: 延期申请, 延期审批, 回访', () => {
  const table = Object.entries(EXPECTED).flatMap(([subject, rows]) => Object.entries(rows).map(([who, row]) => [subject, who, row] as const));
  it.each(table)('%s, %s: [request_extension, decide_extension, call_back] = %j', (subject, who, row) => {
    const r = SUBJECTS[subject]!;
    const a = ACTORS[who]!;
    expect([canOnRequest('request_extension', a, r), canOnRequest('decide_extension', a, r), canOnRequest('call_back', a, r)]).toEqual(row);
  });

  it('names the holder kind: the lead unit while its dispatch is active, else the person assignee', () => {
    expect(holdsRequest(ACTORS['lead unit member']!, SUBJECTS['lead unit at work']!)).toBe('unit');
    expect(holdsRequest(ACTORS['assignee (grid worker)']!, SUBJECTS['held by a person']!)).toBe('person');
    const ended = { ...base, dispatches: [{ unitId: unit, role: 'lead', status: 'sent_back' }] };
    expect(holdsRequest(ACTORS['lead unit member']!, ended)).toBeNull();
    expect(holdsRequest(ACTORS['assignee (grid worker)']!, ended)).toBe('person');
  });
});
