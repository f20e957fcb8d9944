import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { canOnCase, type CaseActor, type CasePermission, type CaseSubject } from './mediation.permissions';

// The permission table of dispute cases: every kind of actor × every permission, on a community-level 一般 case
// mediated by `mediatorId` between `partyId` and a named outsider; then the same at the street and for 重大.
const mediatorId = new Types.ObjectId();
const partyId = new Types.ObjectId();
const actor = (roles: Role[], userId = new Types.ObjectId()): CaseActor => ({ userId, roles });

const ACTORS = {
  'the case’s mediator (人民调解员)': actor(['mediator'], mediatorId),
  'the case’s mediator, no longer one': actor(['resident'], mediatorId),
  'another 人民调解员': actor(['mediator']),
  'a grid worker not on the case': actor(['grid_worker']),
  staff: actor(['staff']),
  admin: actor(['admin', 'staff']),
  'street staff': actor(['street_staff']),
  'a party': actor(['resident'], partyId),
  'another resident': actor(['resident']),
  merchant: actor(['merchant']),
  'a 流动网格员': actor(['mobile_grid']),
} satisfies Record<string, CaseActor>;
type ActorName = keyof typeof ACTORS;

const MEDIATOR: ActorName = 'the case’s mediator (人民调解员)';
const EXPECTED: Record<CasePermission, ActorName[]> = {
  create: [MEDIATOR, 'another 人民调解员', 'a grid worker not on the case', 'staff', 'admin'],
  list_community: ['staff', 'admin', 'street staff'],
  view: [MEDIATOR, 'staff', 'admin', 'street staff', 'a party'],
  view_contents: [MEDIATOR, 'admin', 'a party'],
  view_contacts: [MEDIATOR, 'admin'],
  record_session: [MEDIATOR],
  conclude: [MEDIATOR],
  confirm: ['a party'],
  record_signature: [MEDIATOR],
  escalate: [MEDIATOR],
  refer: [MEDIATOR],
  end: [MEDIATOR],
  follow_up: [MEDIATOR],
  manage_mediators: [MEDIATOR, 'admin'],
};

const subject = (extra: Partial<CaseSubject> = {}): CaseSubject => ({ mediatorIds: [mediatorId], partyUserIds: [partyId], level: 'community', risk: 'ordinary', ...extra });

describe('mediation/mediation.permissions', () => {
  const table = (Object.keys(EXPECTED) as CasePermission[]).flatMap((p) => (Object.keys(ACTORS) as ActorName[]).map((a) => [p, a, EXPECTED[p].includes(a)] as const));
  it.each(table)('%s by %s: %s', (permission, name, allowed) => {
    expect(canOnCase(permission, ACTORS[name], subject())).toBe(allowed);
  });

  // Once the street holds the case, street staff read it and make every move but escalating; nobody else changes.
  const AT_STREET: Partial<Record<CasePermission, ActorName[]>> = {
    view_contents: [MEDIATOR, 'admin', 'street staff', 'a party'],
    view_contacts: [MEDIATOR, 'admin', 'street staff'],
    record_session: [MEDIATOR, 'street staff'],
    conclude: [MEDIATOR, 'street staff'],
    record_signature: [MEDIATOR, 'street staff'],
    refer: [MEDIATOR, 'street staff'],
    end: [MEDIATOR, 'street staff'],
    follow_up: [MEDIATOR, 'street staff'],
  };
  const street = (Object.keys(EXPECTED) as CasePermission[]).flatMap((p) => (Object.keys(ACTORS) as ActorName[]).map((a) => [p, a, (AT_STREET[p] ?? EXPECTED[p]).includes(a)] as const));
  it.each(street)('at the street: %s by %s: %s', (permission, name, allowed) => {
    expect(canOnCase(permission, ACTORS[name], subject({ level: 'street' }))).toBe(allowed);
  });

  it('lets street staff read a 重大 case at once, without acting on it before it is theirs', () => {
    const serious = subject({ risk: 'serious' });
    expect(canOnCase('view_contents', ACTORS['street staff'], serious)).toBe(true);
    expect(canOnCase('view_contacts', ACTORS['street staff'], serious)).toBe(true);
    expect(canOnCase('record_session', ACTORS['street staff'], serious)).toBe(false);
    expect(canOnCase('view_contents', ACTORS.staff, serious)).toBe(false);
  });

  it('gives a party whose account holds no resident role their case still', () => {
    expect(canOnCase('view_contents', actor(['mobile_grid'], partyId), subject())).toBe(true);
    expect(canOnCase('confirm', actor(['merchant'], partyId), subject())).toBe(true);
  });
});
