import type { Types } from 'mongoose';
import { hasAnyRole, type CaseLevel, type CaseViewAction, type RiskLevel, type Role } from '@linli/shared';

/**
 * Everything someone can do with dispute cases: open one, list the community's, see one at all (its type, level,
 * state and mediators), read its contents (parties, sessions, agreement), see the parties' contacts, and the moves
 * the API offers on one as `actions` (shared `CASE_VIEW_ACTIONS`).
 */
export type CasePermission = 'create' | 'list_community' | 'view' | 'view_contents' | 'view_contacts' | CaseViewAction;

export interface CaseActor {
  userId: Types.ObjectId;
  roles: readonly Role[];
}

/** The case acted on: who mediates it, who the parties are (by account), who holds it and how grave it is. */
export interface CaseSubject {
  mediatorIds: readonly Types.ObjectId[];
  partyUserIds: readonly Types.ObjectId[];
  level: CaseLevel;
  risk: RiskLevel;
}

/** Roles whose holders may open cases and be named mediators: grid workers, staff (admins included), 人民调解员. */
export const MEDIATOR_ROLES: readonly Role[] = ['grid_worker', 'staff', 'mediator'];

const mediatorRole = (a: CaseActor) => hasAnyRole(a.roles, MEDIATOR_ROLES);
const oversees = (a: CaseActor) => hasAnyRole(a.roles, ['staff', 'street_staff']);
/** Named a mediator of the case and still holding a mediator's role (one who lost it loses the case with it). */
const mediates = (a: CaseActor, s: CaseSubject) => mediatorRole(a) && s.mediatorIds.some((m) => m.equals(a.userId));
/** The street holds the case (司法所 / 街道人民调解委员会 = street staff): they mediate it too. */
const streetHolds = (a: CaseActor, s: CaseSubject) => a.roles.includes('street_staff') && s.level === 'street';
/** Street staff read a case's contents once the street holds it, and at once for 重大. */
const streetReads = (a: CaseActor, s: CaseSubject) => a.roles.includes('street_staff') && (s.level === 'street' || s.risk === 'serious');
const isParty = (a: CaseActor, s: CaseSubject) => s.partyUserIds.some((p) => p.equals(a.userId));
const isAdmin = (a: CaseActor) => a.roles.includes('admin');

/**
 * The one permission table of dispute cases (矛盾纠纷调处). Mediation is confidential: community staff oversee the
 * work — they list the community's cases and see each one's type, level, state and mediators — but read no case's
 * contents unless they mediate it. The contents (parties, sessions, the agreement) are for the case's mediators,
 * the community's admins (who assign mediators and answer for the work), street staff once the street holds the case
 * or it is graded 重大, and each party, for their own case; the parties' contacts for the first three only (a party
 * sees their own, never the other party's). The mediators (and the street, once it holds the case) make every
 * move; only a community-level mediator escalates; admins also change who mediates; a party confirms the agreement.
 */
export function canOnCase(permission: CasePermission, actor: CaseActor, s?: CaseSubject): boolean {
  switch (permission) {
    case 'create':
      return mediatorRole(actor);
    case 'list_community':
      return oversees(actor);
    case 'view':
      return oversees(actor) || (!!s && (mediates(actor, s) || isParty(actor, s)));
    case 'view_contents':
      return !!s && (mediates(actor, s) || isAdmin(actor) || streetReads(actor, s) || isParty(actor, s));
    case 'view_contacts':
      return !!s && (mediates(actor, s) || isAdmin(actor) || streetReads(actor, s));
    case 'record_session':
    case 'conclude':
    case 'record_signature':
    case 'refer':
    case 'end':
    case 'follow_up':
      return !!s && (mediates(actor, s) || streetHolds(actor, s));
    case 'escalate':
      return !!s && mediates(actor, s);
    case 'manage_mediators':
      return !!s && (mediates(actor, s) || isAdmin(actor));
    case 'confirm':
      return !!s && isParty(actor, s);
  }
}
