import { MOBILE_GRID_REFUSAL_MESSAGES, api } from '@linli/shared';
import { apiHandler, route } from '../api';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import type { CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { applicationViews } from './application.view';
import type { MobileGridApplicationDoc } from './application.model';
import type { MobileGridActor } from './mobile-grid.permissions';
import { apply, listApplications, myApplications, review } from './use-cases';

// The routes of 流动网格员 applications: each runs one use case (use-cases.ts) and answers with the caller's view;
// every refusal gets its HTTP answer here. Their reports are filed through POST /api/requests with
// `source: 'mobile_grid'` (requests/use-cases.ts `fileRequest`).

/** An applicant reading their own applications is offered no move on them, whatever their roles. */
const asApplicant = (user: UserDoc) => ({ userId: user._id, roles: [] });
const asStaff = (user: UserDoc, community: CommunityContext) => ({ userId: user._id, roles: community.roles });
const viewOf = async (doc: MobileGridApplicationDoc, actor: MobileGridActor) => (await applicationViews([doc], actor))[0]!;

const applyRoute = route(api.mobileGrid.apply, async ({ user, body, now }) => {
  const doc = orRefuse(await apply(user, body, now), {
    community_not_found: () => validationFailed([{ path: 'communityId', message: '社区不存在' }]),
    already_applied: () => conflict(MOBILE_GRID_REFUSAL_MESSAGES.already_applied),
  });
  return viewOf(doc, asApplicant(user));
});

const mine = route(api.mobileGrid.mine, async ({ user }) => ({ items: await applicationViews(await myApplications(user), asApplicant(user)) }));

const list = route(api.mobileGrid.list, async ({ user, community, query }) => {
  const page = await listApplications(community, query);
  return { items: await applicationViews(page.docs, asStaff(user, community)), nextCursor: page.nextCursor };
});

const reviewRoute = route(api.mobileGrid.review, async ({ user, community, params, body, now }) => {
  const doc = orRefuse(await review(user, community, params.applicationId, body, now), {
    not_found: () => notFound('申请不存在'),
    not_permitted: () => forbidden('不能审核自己的申请'),
    not_pending: () => conflict(MOBILE_GRID_REFUSAL_MESSAGES.not_pending),
    membership_pending: () => conflict('申请人加入本社区的申请尚在审核中，请先审核入驻申请'),
  });
  return viewOf(doc, asStaff(user, community));
});

export const handler = apiHandler([applyRoute, mine, list, reviewRoute]);
