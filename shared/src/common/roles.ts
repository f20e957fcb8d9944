import * as z from 'zod';

/**
 * Roles a user can hold in one community. street_staff comes from the street, not a membership. mobile_grid
 * (流动网格员) is a courier or rider who reports hazards anywhere in the community; they usually live elsewhere, so
 * their membership may hold that role alone, without a household and without the resident's powers. mediator
 * (人民调解员) mediates disputes (矛盾纠纷调处) in the community, granted by its admins.
 */
export const ROLES = ['resident', 'volunteer', 'grid_worker', 'staff', 'admin', 'merchant', 'mobile_grid', 'mediator', 'street_staff'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles an admin may grant or revoke on a membership (流动网格员 usually comes with an approved application). */
export const GRANTABLE_ROLES = ['resident', 'volunteer', 'grid_worker', 'staff', 'admin', 'merchant', 'mobile_grid', 'mediator'] as const;
export const GrantableRole = z.enum(GRANTABLE_ROLES);
export type GrantableRole = z.infer<typeof GrantableRole>;

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  volunteer: '志愿者',
  grid_worker: '网格员',
  staff: '社区工作者',
  admin: '社区管理员',
  merchant: '爱心商家',
  mobile_grid: '流动网格员',
  mediator: '人民调解员',
  street_staff: '街道工作人员',
};

/**
 * Roles a holder effectively has: an admin can do everything staff can.
 * Kept here so the server and the app agree on what a role set allows.
 */
export function effectiveRoles(roles: readonly Role[]): Role[] {
  const set = new Set<Role>(roles);
  if (set.has('admin')) set.add('staff');
  return [...set];
}

/** True when any of `held` (after expansion) is among `allowed`. */
export function hasAnyRole(held: readonly Role[], allowed: readonly Role[]): boolean {
  const eff = effectiveRoles(held);
  return allowed.some((r) => eff.includes(r));
}
