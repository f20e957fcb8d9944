import {
  CASE_EVENT_LABELS,
  ROLE_LABELS,
  availableCaseActions,
  caseNumber,
  type CaseContentsView,
  type CaseView,
  type ReferralChannel,
  type Role,
} from '@linli/shared';
import type { CommunityContext } from '../communities/community-context';
import { writeReadAudit } from '../lib/audit';
import type { CaseDoc } from './case.model';
import { canOnCase, type CaseActor, type CaseSubject } from './mediation.permissions';

/** The subject the permission table judges a case by (parties by account; an erased party is nobody's). */
export const caseSubject = (d: Pick<CaseDoc, 'mediatorIds' | 'partyUserIds' | 'level' | 'risk'>): CaseSubject => ({
  mediatorIds: d.mediatorIds,
  partyUserIds: d.partyUserIds,
  level: d.level,
  risk: d.risk,
});

/** Parties who have not confirmed the current agreement (an erased party's confirmation is not waited for). */
export const unconfirmedParties = (d: Pick<CaseDoc, 'parties'>) => d.parties.filter((p) => !p.confirmedAt && !p.erased).length;

/**
 * The one place deciding which fields of a case each caller gets. Everyone allowed to see the case at all (staff
 * overseeing the community, its mediators and parties, street staff) gets what staff's list shows: type, level,
 * state, mediators and dates. The contents — place, summary, parties, sessions, agreement, referral, 回访 and the
 * case's own record — only where the permission table says `view_contents`; within them, a party's contact only to
 * those with `view_contacts` and to that party themselves (a party never sees the other party's). Nothing of a case
 * is ever shown anywhere else (requests carry the case's id only).
 */
export function caseView(d: CaseDoc, actor: CaseActor): CaseView {
  const subject = caseSubject(d);
  const isMediator = d.mediatorIds.some((m) => m.equals(actor.userId));
  const isParty = d.partyUserIds.some((p) => p.equals(actor.userId));
  const contents = canOnCase('view_contents', actor, subject) ? contentsOf(d, actor, canOnCase('view_contacts', actor, subject)) : undefined;
  const myParty = d.parties.find((p) => p.userId?.equals(actor.userId) && !p.erased);
  const unconfirmed = unconfirmedParties(d);
  const paperPending = d.parties.some((p) => !p.userId && !p.confirmedAt && !p.erased);
  return {
    id: d._id.toHexString(),
    number: caseNumber(d._id.toHexString()),
    type: d.type,
    risk: d.risk,
    status: d.status,
    level: d.level,
    origin: d.origin,
    gridId: d.gridId?.toHexString(),
    mediators: d.mediators.map((m) => ({ userId: m.userId.toHexString(), name: m.name, roleLabel: ROLE_LABELS[m.role as Role] ?? m.role })),
    partyCount: d.parties.length,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    concludedAt: d.concludedAt?.toISOString(),
    followUpDueAt: d.followUpDueAt?.toISOString(),
    reopenCount: d.reopenCount,
    viewer: { isMediator, isParty },
    contents,
    // The buttons: permitted by the table and allowed by the state machine; 确认协议 only to a party still to confirm,
    // 登记纸质签字 only while a party without the app has not signed.
    actions: availableCaseActions({ status: d.status, level: d.level, unconfirmed }, (a) => {
      if (a === 'confirm') return !!myParty && !myParty.confirmedAt && canOnCase(a, actor, subject);
      if (a === 'record_signature') return paperPending && canOnCase(a, actor, subject);
      return canOnCase(a, actor, subject);
    }),
  };
}

function contentsOf(d: CaseDoc, actor: CaseActor, contacts: boolean): CaseContentsView {
  return {
    place: d.place,
    summary: d.summary,
    parties: d.parties.map((p) => {
      const isMe = !!p.userId?.equals(actor.userId) && !p.erased;
      return {
        id: p._id.toHexString(),
        name: p.name,
        hasAccount: !!p.userId,
        phone: contacts || isMe ? (p.phone ?? undefined) : undefined,
        isMe,
        confirmation: p.confirmedAt ? { at: p.confirmedAt.toISOString(), by: p.confirmedBy ?? 'self' } : undefined,
      };
    }),
    sessions: d.sessions.map((s) => ({
      id: s._id.toHexString(),
      at: s.at.toISOString(),
      place: s.place,
      attendees: s.attendees,
      said: s.said,
      nextStep: s.nextStep ?? undefined,
      recordedByName: s.recordedByName,
      level: s.level,
    })),
    agreement: d.agreement ? { text: d.agreement.text, at: d.agreement.at.toISOString() } : undefined,
    brokenAgreements: (d.brokenAgreements ?? []).map((a) => ({ text: a.text, at: a.at.toISOString() })),
    referral: d.referral ? { channel: d.referral.channel as ReferralChannel, note: d.referral.note, at: d.referral.at.toISOString() } : undefined,
    followUps: (d.followUps ?? []).map((f) => ({ holds: f.holds, note: f.note, at: f.at.toISOString(), byName: f.byName })),
    events: d.events.map((e) => ({ type: e.type, label: CASE_EVENT_LABELS[e.type] ?? e.type, at: e.at.toISOString(), actorName: e.actorName, note: e.note ?? undefined })),
    requestId: d.requestId?.toHexString(),
    visitId: d.visitId?.toHexString(),
  };
}

/**
 * Records in the audit log that this answer showed the contents of cases (one entry per answer, naming the cases).
 * Run by every route answering cases, before the answer goes; when the entry cannot be written the answer fails
 * (lib/audit `writeReadAudit`): an unrecorded read of a confidential case must not happen.
 */
export async function auditContentsRead(views: readonly CaseView[], ctx: { actor: CaseActor; community: CommunityContext; via: string; requestId?: string; now: Date }): Promise<void> {
  await writeReadAudit({
    communityId: ctx.community.communityId,
    actorId: ctx.actor.userId,
    actorName: ctx.community.membership?.name ?? undefined,
    actorRoles: ctx.actor.roles,
    action: 'mediation.contents.read',
    via: ctx.via,
    ids: views.filter((v) => v.contents).map((v) => v.id),
    requestId: ctx.requestId,
    at: ctx.now,
  });
}
