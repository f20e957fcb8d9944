import { UNIT_TYPES, type UnitType } from './unit.schema';

/** How long a unit's join code stays valid (both kinds). */
export const UNIT_INVITE_VALID_DAYS = 7;
/** Most people one 7-day code admits (a unit's whole team on its first day). */
export const UNIT_INVITE_WEEK_MAX_USES = 50;

/** The terms of a new join code: a one-time code admits one person, a week code up to 50; both for 7 days. */
export function unitInviteTerms(kind: 'single' | 'week', now: Date): { maxUses: number; expiresAt: Date } {
  return { maxUses: kind === 'single' ? 1 : UNIT_INVITE_WEEK_MAX_USES, expiresAt: new Date(now.getTime() + UNIT_INVITE_VALID_DAYS * 86_400_000) };
}

export type UnitInviteProblem = 'revoked' | 'expired' | 'used_up' | 'unit_inactive';

/** Why a join code cannot be used now, or null when it can. */
export function unitInviteProblem(
  invite: { revoked?: boolean; expiresAt: Date; remaining: number },
  unit: { active: boolean } | null,
  now: Date,
): UnitInviteProblem | null {
  if (invite.revoked) return 'revoked';
  if (invite.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (invite.remaining <= 0) return 'used_up';
  if (!unit?.active) return 'unit_inactive';
  return null;
}

/**
 * The communities of a unit's list that are not of its street (a unit serves only its own street's communities),
 * given the ids (hex) of the street's communities. Empty when all are.
 */
export function communitiesOutsideStreet(communityIds: readonly string[], streetCommunityIds: readonly string[]): string[] {
  const street = new Set(streetCommunityIds);
  return [...new Set(communityIds)].filter((id) => !street.has(id));
}

/** Which street a street admin creates a unit in: the one named, else their only street; null when ambiguous or not theirs. */
export function streetForNewUnit(named: string | undefined, adminStreetIds: readonly string[]): string | null {
  if (named) return adminStreetIds.includes(named) ? named : null;
  return adminStreetIds.length === 1 ? adminStreetIds[0]! : null;
}

/** What the app says when a unit action is refused (the server maps every refusal to one of these). */
export const UNIT_REFUSAL_MESSAGES = {
  not_street_staff: '需要街道工作人员身份',
  not_street_admin: '需要街道管理员身份',
  choose_street: '您管理多个街道，请选择街道',
  unit_not_found: '单位不存在',
  member_not_found: '该单位没有这位人员',
  name_taken: '本街道已有同名单位',
  bad_communities: '服务社区须为本街道的社区',
  bad_code: '加入码无效',
  revoked: '加入码已作废',
  expired: '加入码已过期，请向街道管理员索取新的加入码',
  used_up: '加入码已用完，请向街道管理员索取新的加入码',
  unit_inactive: '该单位已停用',
  already_member: '您已是该单位人员',
} as const;
export type UnitRefusal = keyof typeof UNIT_REFUSAL_MESSAGES;

/** Where a unit's type comes in lists grouped by type (the order of UNIT_TYPES). */
export const unitTypeOrder = (t: UnitType) => UNIT_TYPES.indexOf(t);
