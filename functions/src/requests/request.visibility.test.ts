import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { REQUEST_FIELD_ACCESS, audienceOf, coordinatesFor, roundCoordinate, sees, seesNote, type RequestAudience, type RequestField, type RequestViewer } from './request.visibility';

// The visibility rule of requests as a table: every kind of viewer × the kinds of request × every field.
const grid1 = new Types.ObjectId();
const grid2 = new Types.ObjectId();
const filer = new Types.ObjectId();
const assignee = new Types.ObjectId();

const member = (roles: Role[], gridIds: Types.ObjectId[] = [], userId = new Types.ObjectId()): RequestViewer => ({ kind: 'member', actor: { userId, roles, gridIds } });

const VIEWERS: Record<string, RequestViewer> = {
  filer: member(['resident'], [], filer),
  follower: member(['resident']), // following (我也遇到) grants nothing beyond what any resident sees
  'assignee (grid worker of another grid)': member(['grid_worker'], [grid2], assignee),
  'grid worker of the grid': member(['grid_worker'], [grid1]),
  'grid worker of another grid': member(['grid_worker'], [grid2]),
  staff: member(['staff']),
  admin: member(['admin']),
  'street staff': member(['street_staff']),
  'another resident': member(['resident']),
  'open311 without key': { kind: 'open311', partner: false },
  'open311 with the 12345 key': { kind: 'open311', partner: true },
};

const request = (over: Partial<{ public: boolean; contentStatus: 'pass' | 'review'; level: 'grid' | 'community' | 'street'; anonymous: boolean }> = {}) => ({
  filerId: filer,
  assigneeId: assignee,
  gridId: grid1,
  level: 'grid' as const,
  public: false,
  contentStatus: 'pass' as const,
  ...over,
});

// viewer → audience for: a private request, a public one, a public one held for review, a private one escalated to the street.
const EXPECTED: Record<string, [RequestAudience, RequestAudience, RequestAudience, RequestAudience]> = {
  filer: ['filer', 'filer', 'filer', 'filer'],
  follower: ['none', 'public', 'none', 'none'],
  'assignee (grid worker of another grid)': ['handler', 'handler', 'handler', 'handler'],
  'grid worker of the grid': ['handler', 'handler', 'handler', 'handler'],
  'grid worker of another grid': ['none', 'public', 'none', 'none'],
  staff: ['handler', 'handler', 'handler', 'handler'],
  admin: ['handler', 'handler', 'handler', 'handler'],
  'street staff': ['none', 'public', 'none', 'handler'],
  'another resident': ['none', 'public', 'none', 'none'],
  'open311 without key': ['none', 'public', 'none', 'none'],
  'open311 with the 12345 key': ['partner', 'partner', 'partner', 'partner'],
};

describe('requests/visibility', () => {
  const kinds = [request(), request({ public: true }), request({ public: true, contentStatus: 'review' }), request({ level: 'street' })];

  it.each(Object.entries(EXPECTED))('%s belongs to the audiences %j', (viewer, expected) => {
    expect(kinds.map((r) => audienceOf(VIEWERS[viewer]!, r))).toEqual(expected);
  });

  it('street staff handle a request while a second extension waits for them (不得二次延期，除非街道审批), and only then', () => {
    const street = VIEWERS['street staff']!;
    expect(audienceOf(street, { ...request(), extension: { status: 'requested' }, extensionCount: 1 })).toBe('handler');
    expect(audienceOf(street, { ...request(), extension: { status: 'requested' }, extensionCount: 0 })).toBe('none');
    expect(audienceOf(street, { ...request(), extension: { status: 'approved' }, extensionCount: 1 })).toBe('none');
  });

  it('an anonymous request is the same table: handlers still see the filer, as in FixMyStreet', () => {
    const anonymous = { ...request({ public: true }), anonymous: true };
    expect(audienceOf(VIEWERS.staff!, anonymous)).toBe('handler');
    expect(sees('handler', 'filerName')).toBe(true);
    expect(sees(audienceOf(VIEWERS['another resident']!, anonymous), 'filerName')).toBe(false);
  });

  // audience → the fields it sees.
  const FIELDS: Record<RequestAudience, RequestField[]> = {
    handler: ['text', 'filerName', 'household', 'address', 'contact', 'assignee', 'rating', 'actorIds', 'voice', 'patrol', 'visit', 'reward', 'duplicates', 'mediation', 'heldContent', 'extension', 'extensionOutcome', 'callBack', 'callBackMade', 'handling'],
    filer: ['text', 'filerName', 'household', 'address', 'assignee', 'rating', 'actorIds', 'voice', 'patrol', 'reward', 'duplicates', 'mediation', 'extensionOutcome', 'callBackMade'],
    // A unit dispatched the request (吹哨报到): the work's fields, not the community's records; contact only with consent.
    unit: ['text', 'filerName', 'household', 'address', 'contact', 'assignee', 'voice', 'extension', 'extensionOutcome', 'handling'],
    partner: ['text', 'address'],
    public: ['text'],
    none: [],
  };
  it.each(Object.entries(FIELDS))('%s sees exactly %j', (audience, fields) => {
    const seen = (Object.keys(REQUEST_FIELD_ACCESS) as RequestField[]).filter((f) => sees(audience as RequestAudience, f));
    expect(seen.sort()).toEqual([...fields].sort());
  });

  it.each([
    ['handler', ['internal', 'filer', 'public']],
    ['filer', ['filer', 'public']],
    ['partner', ['filer', 'public']],
    ['public', ['public']],
    ['none', []],
  ] as const)('%s reads notes written for %j; notes without an audience count as written to the filer', (audience, notes) => {
    const read = (['internal', 'filer', 'public'] as const).filter((a) => seesNote(audience, { audience: a }));
    expect(read).toEqual(notes);
    expect(seesNote(audience, {})).toBe((notes as readonly string[]).includes('filer'));
  });

  it('rounds public coordinates to about 100 m', () => {
    expect(roundCoordinate(31.234567)).toBe(31.235);
    expect(roundCoordinate(121.4764)).toBe(121.476);
    expect(roundCoordinate(undefined)).toBeNull();
  });

  // The marked point, in the app and Open311 alike: exact with the 'address' row, rounded for the public, else none.
  it.each([
    ['handler', { lat: 31.234567, lng: 121.476543, rounded: false }],
    ['filer', { lat: 31.234567, lng: 121.476543, rounded: false }],
    ['partner', { lat: 31.234567, lng: 121.476543, rounded: false }],
    ['public', { lat: 31.235, lng: 121.477, rounded: true }],
    ['none', null],
  ] as const)('%s gets the marked point as %j', (audience, expected) => {
    expect(coordinatesFor(audience, { lat: 31.234567, lng: 121.476543 })).toEqual(expected);
    expect(coordinatesFor(audience, {})).toBeNull(); // nothing marked: nothing to give
    expect(coordinatesFor(audience, { lat: 31.234567, lng: null })).toBeNull(); // half a point is no point
  });
});
