import { HOUSEHOLD_IMPORT_MAX_ROWS, HOUSEHOLD_MAX_OCCUPANTS, api } from '@linli/shared';
import { apiHandler, route } from '../api';
import { MembershipModel } from '../communities/community.model';
import { conflict, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import { HouseholdModel, type HouseholdRecordDoc } from './household.model';
import { auditCareRead, householdViews } from './household.view';
import { clearCareFlag, listDue, setCareFlag } from './care-flags';
import { syncMemberHousehold } from './member-link';
import {
  addOccupant,
  createHousehold,
  eraseHousehold,
  householdCallerOf,
  type HouseholdCaller,
  importHouseholds,
  listHouseholds,
  loadVisible,
  removeOccupant,
  updateOccupant,
} from './use-cases';

// The routes of the household register (住户名册): each runs one use case (use-cases.ts) and answers with the
// caller's view of the household; every refusal gets its HTTP answer here.

const NOT_FOUND = () => notFound('住户档案不存在');
const OCCUPANT_NOT_FOUND = () => notFound('住户不存在');
const ADD = {
  not_found: NOT_FOUND,
  full: () => conflict(`一户最多登记${HOUSEHOLD_MAX_OCCUPANTS}人`),
  bad_member: () => validationFailed([{ path: 'membershipId', message: '请选择本社区已加入的居民' }]),
  member_elsewhere: () => validationFailed([{ path: 'membershipId', message: '该居民登记的住址不是这一户，请先在居民管理中变更住址' }]),
};

/**
 * The caller's view of households, for an answer of `via`: when it carries care flags, the read goes into the
 * audit log first (one entry naming the households; no entry, no answer).
 */
async function answer(c: HouseholdCaller, via: string, requestId: string, docs: HouseholdRecordDoc[]) {
  const views = await householdViews(docs, c.actor, c.community, c.now);
  await auditCareRead(views, { actor: c.actor, community: c.community, via, requestId, now: c.now });
  return views;
}
const answerOne = async (c: HouseholdCaller, via: string, requestId: string, doc: HouseholdRecordDoc) => (await answer(c, via, requestId, [doc]))[0]!;

const list = route(api.households.list, async ({ user, community, query, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  const page = await listHouseholds(c, query);
  return { items: await answer(c, api.households.list.id, requestId, page.docs), nextCursor: page.nextCursor };
});

const due = route(api.households.due, async ({ user, community, query, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  const page = await listDue(c, query);
  return { items: await answer(c, api.households.due.id, requestId, page.docs), nextCursor: page.nextCursor };
});

const setFlag = route(api.households.setCareFlag, async ({ user, community, params, body, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  const doc = orRefuse(await setCareFlag(c, params.householdId, params.flag, body), { not_found: NOT_FOUND });
  return answerOne(c, api.households.setCareFlag.id, requestId, doc);
});

const clearFlag = route(api.households.clearCareFlag, async ({ user, community, params, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  const doc = orRefuse(await clearCareFlag(c, params.householdId, params.flag), { not_found: NOT_FOUND });
  return answerOne(c, api.households.clearCareFlag.id, requestId, doc);
});

const mine = route(api.households.mine, async ({ user, community, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  let doc: HouseholdRecordDoc | null = await community.scope.findOne(HouseholdModel, { memberIds: user._id });
  // No record yet although the membership names a household: the link was not made (a crash after the membership's
  // write, a member from before the register); make it now.
  if (!doc && community.membership?.household) doc = await syncMemberHousehold((await MembershipModel.findById(community.membership._id))!);
  return doc ? answerOne(c, api.households.mine.id, requestId, doc) : null;
});

const get = route(api.households.get, async ({ user, community, params, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  return answerOne(c, api.households.get.id, requestId, orRefuse(await loadVisible(c, params.householdId), { not_found: NOT_FOUND }));
});

const create = route(api.households.create, async ({ user, community, body, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  const r = orRefuse(await createHousehold(c, body), { ...ADD, bad_building: () => validationFailed([{ path: 'buildingId', message: '请选择本社区的楼栋' }]) });
  return { created: r.created, household: await answerOne(c, api.households.create.id, requestId, r.doc) };
});

const importCsv = route(api.households.import, async ({ user, community, body, now }) =>
  orRefuse(await importHouseholds(householdCallerOf(user, community, now), body.csv), {
    too_many: () => validationFailed([{ path: 'csv', message: `一次最多导入${HOUSEHOLD_IMPORT_MAX_ROWS}行，请分批导入` }]),
  }),
);

const add = route(api.households.addOccupant, async ({ user, community, params, body, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  return answerOne(c, api.households.addOccupant.id, requestId, orRefuse(await addOccupant(c, params.householdId, body), ADD));
});

const update = route(api.households.updateOccupant, async ({ user, community, params, body, now, requestId }) => {
  const c = householdCallerOf(user, community, now);
  const doc = orRefuse(await updateOccupant(c, params.householdId, params.occupantId, body), {
    not_found: NOT_FOUND,
    occupant_not_found: OCCUPANT_NOT_FOUND,
    name_taken: () => validationFailed([{ path: 'name', message: '这一户已有同名住户' }]),
  });
  return answerOne(c, api.households.updateOccupant.id, requestId, doc);
});

const remove = route(api.households.removeOccupant, async ({ user, community, params, body, now, audit, requestId }) => {
  const c = householdCallerOf(user, community, now);
  // The reason goes into the audit log with what was removed (the answer no longer holds the occupant).
  audit.target = { ...params, reason: body.reason };
  const doc = orRefuse(await removeOccupant(c, params.householdId, params.occupantId), {
    not_found: NOT_FOUND,
    occupant_not_found: OCCUPANT_NOT_FOUND,
    is_member: () => conflict('该住户是已加入社区的居民，请在居民管理中变更住址或移出社区'),
  });
  return answerOne(c, api.households.removeOccupant.id, requestId, doc);
});

const erase = route(api.households.erase, async ({ user, community, params, body, now, audit }) => {
  audit.target = { ...params, reason: body.reason };
  orRefuse(await eraseHousehold(householdCallerOf(user, community, now), params.householdId), {
    not_found: NOT_FOUND,
    has_members: () => conflict('这一户还有已加入社区的居民，请先在居民管理中变更他们的住址或移出社区'),
  });
  return { erased: true as const, reason: body.reason };
});

export const handler = apiHandler([list, due, mine, get, create, importCsv, add, update, remove, erase, setFlag, clearFlag]);
