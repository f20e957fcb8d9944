import { UNIT_REFUSAL_MESSAGES, api, type UnitRefusal } from '@linli/shared';
import { apiHandler, route } from '../api';
import { ApiError, conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import { createUnit, createUnitInvite, getStreetUnit, joinUnit, listStreetUnits, myUnits, removeUnitMember, updateUnit } from './use-cases';
import { communityNamesOf, myUnitViews, unitMemberView, unitView } from './unit.view';

// The routes of units (单位): each runs one use case (use-cases.ts) and answers with the caller's view
// (unit.view.ts); every refusal gets its HTTP answer here.
const m = UNIT_REFUSAL_MESSAGES;
const ANSWERS: { [K in UnitRefusal]: () => ApiError } = {
  not_street_staff: () => forbidden(m.not_street_staff),
  not_street_admin: () => forbidden(m.not_street_admin),
  choose_street: () => validationFailed([{ path: 'streetId', message: m.choose_street }]),
  unit_not_found: () => notFound(m.unit_not_found),
  member_not_found: () => notFound(m.member_not_found),
  name_taken: () => conflict(m.name_taken),
  bad_communities: () => validationFailed([{ path: 'communityIds', message: m.bad_communities }]),
  bad_code: () => validationFailed([{ path: 'code', message: m.bad_code }]),
  revoked: () => validationFailed([{ path: 'code', message: m.revoked }]),
  expired: () => validationFailed([{ path: 'code', message: m.expired }]),
  used_up: () => validationFailed([{ path: 'code', message: m.used_up }]),
  unit_inactive: () => conflict(m.unit_inactive),
  already_member: () => conflict(m.already_member),
};
const answer = <R extends UnitRefusal>(...reasons: R[]) => Object.fromEntries(reasons.map((r) => [r, ANSWERS[r]])) as { [K in R]: () => ApiError };

const streetList = route(api.units.streetList, async ({ user, query }) => {
  const r = orRefuse(await listStreetUnits(user, query), answer('not_street_staff'));
  const names = await communityNamesOf(r.units);
  return {
    items: r.units.map((u, i) => unitView(u, names, r.memberCounts[i])),
    streets: r.roles.map((s) => ({
      id: s.streetId.toHexString(),
      name: s.street.name,
      admin: s.admin,
      communities: r.communities.filter((c) => c.streetId.equals(s.streetId)).map((c) => ({ id: c._id.toHexString(), name: c.name })),
    })),
  };
});

const streetGet = route(api.units.streetGet, async ({ user, params }) => {
  const r = orRefuse(await getStreetUnit(user, params.unitId), answer('not_street_staff', 'unit_not_found', 'not_street_admin'));
  const names = await communityNamesOf([r.unit]);
  return { ...unitView(r.unit, names, r.members.filter((x) => x.active).length), members: r.members.map((x) => unitMemberView(x, r.contacts)) };
});

const create = route(api.units.create, async ({ user, body, now }) => {
  const unit = orRefuse(await createUnit(user, body, now), answer('not_street_staff', 'not_street_admin', 'choose_street', 'bad_communities', 'name_taken'));
  return unitView(unit, await communityNamesOf([unit]), 0);
});

const update = route(api.units.update, async ({ user, params, body, now }) => {
  const unit = orRefuse(await updateUnit(user, params.unitId, body, now), answer('not_street_staff', 'unit_not_found', 'not_street_admin', 'bad_communities', 'name_taken'));
  return unitView(unit, await communityNamesOf([unit]));
});

const createInvite = route(api.units.createInvite, async ({ user, params, body, now }) => {
  const { invite, unit } = orRefuse(await createUnitInvite(user, params.unitId, body, now), answer('not_street_staff', 'unit_not_found', 'not_street_admin', 'unit_inactive'));
  return { code: invite.code, unitId: unit._id.toHexString(), unitName: unit.name, maxUses: invite.maxUses, expiresAt: invite.expiresAt.toISOString() };
});

const removeMember = route(api.units.removeMember, async ({ user, params, now }) => {
  const member = orRefuse(await removeUnitMember(user, params.unitId, params.userId, now), answer('not_street_staff', 'unit_not_found', 'not_street_admin', 'member_not_found'));
  return unitMemberView(member, true);
});

const join = route(api.units.join, async ({ user, body, now }) => {
  const r = orRefuse(await joinUnit(user, body, now), answer('bad_code', 'revoked', 'expired', 'used_up', 'unit_inactive', 'already_member'));
  return (await myUnitViews([r.unit], [r.member]))[0]!;
});

const mine = route(api.units.mine, async ({ user }) => {
  const { units, memberships } = await myUnits(user);
  return { items: await myUnitViews(units, memberships) };
});

export const handler = apiHandler([streetList, streetGet, create, update, createInvite, removeMember, join, mine]);
