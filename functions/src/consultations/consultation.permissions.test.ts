import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { canOnConsultation, type ConsultationActor, type ConsultationPermission, type ConsultationSubject } from './consultation.permissions';

// The permission table of 议事协商: every kind of actor × every permission, on a topic (or comment) of a given kind.
const author = new Types.ObjectId();
const actor = (roles: Role[], userId = new Types.ObjectId()): ConsultationActor => ({ userId, roles });

const ACTORS = {
  author: actor(['resident'], author),
  'resident in scope': actor(['resident']),
  'resident elsewhere': actor(['resident']),
  'grid worker': actor(['grid_worker']),
  staff: actor(['staff']),
  admin: actor(['admin']),
} satisfies Record<string, ConsultationActor>;
type ActorName = keyof typeof ACTORS;

/** What the table is told about each actor's relation to the topic (their residence, the frozen voter list). */
const RELATION: Record<ActorName, Pick<ConsultationSubject, 'inScope' | 'onRoll'>> = {
  author: { inScope: true, onRoll: true },
  'resident in scope': { inScope: true, onRoll: true },
  'resident elsewhere': { inScope: false, onRoll: false },
  'grid worker': { inScope: false, onRoll: false },
  staff: { inScope: false, onRoll: false },
  admin: { inScope: false, onRoll: false },
};

const ALL: ActorName[] = Object.keys(ACTORS) as ActorName[];
const STAFF: ActorName[] = ['staff', 'admin'];

// permission → who has it, on a collecting topic whose comments passed content security.
const EXPECTED: Record<ConsultationPermission, ActorName[]> = {
  view: ALL,
  view_held: STAFF,
  initiate: STAFF,
  propose: ['author', 'resident in scope', 'staff', 'admin'],
  edit: ['author'],
  support: ['resident in scope'],
  comment: ['author', 'resident in scope', 'staff', 'admin'],
  vote: ['author', 'resident in scope'],
  approve: STAFF,
  reject: STAFF,
  merge: STAFF,
  send_to_review: STAFF,
  open_voting: STAFF,
  close_voting: STAFF,
  post_update: STAFF,
  complete: STAFF,
  view_comment: ALL,
  report_comment: ['resident in scope', 'resident elsewhere', 'grid worker', 'staff', 'admin'],
  moderate_comment: STAFF,
};

describe('consultations/permissions', () => {
  const table = (Object.keys(EXPECTED) as ConsultationPermission[]).flatMap((permission) =>
    ALL.map((who) => [who, permission, EXPECTED[permission].includes(who)] as const),
  );
  it.each(table)('%s may %s: %s', (who, permission, allowed) => {
    const subject: ConsultationSubject = { authorId: author, status: 'collecting', contentStatus: 'pass', ...RELATION[who] };
    expect(canOnConsultation(permission, ACTORS[who], subject)).toBe(allowed);
  });

  it.each([
    ['author', true],
    ['resident in scope', false],
    ['grid worker', false],
    ['staff', true],
    ['admin', true],
  ] as const)('a proposal held by content security: %s sees it: %s', (who, allowed) => {
    expect(canOnConsultation('view', ACTORS[who], { authorId: author, status: 'proposed', ...RELATION[who] })).toBe(allowed);
  });

  it.each([
    ['author', true],
    ['resident in scope', false],
    ['staff', true],
  ] as const)('a comment held by content security: %s sees it: %s', (who, allowed) => {
    expect(canOnConsultation('view_comment', ACTORS[who], { authorId: author, contentStatus: 'review' })).toBe(allowed);
  });

  it('nobody votes who is not on the frozen list, whatever their roles', () => {
    expect(canOnConsultation('vote', ACTORS.staff, { onRoll: false })).toBe(false);
    expect(canOnConsultation('vote', ACTORS['grid worker'], { onRoll: true })).toBe(true);
  });
});
