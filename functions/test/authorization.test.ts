import { allEndpoints } from '@linli/shared';
import { call } from './helpers/api';
import { CALLERS, requestFor, setUpCallers, type Caller, type Fixtures } from './helpers/endpoint-requests';
import { UNIT_CALLERS, setUpUnitCallers, unitRequestFor, type UnitCaller, type UnitFixtures } from './helpers/unit-callers';

// The authorization matrix: every endpoint called by every kind of caller, with what must happen.
//   ok  = allowed (a 2xx answer); 400 / 409 = allowed in, then refused for the input or the state (not a
//   permission answer); 401 / 403 / 404 = refused. "other" is a resident of another community calling into
//   示范社区 (X-Community-Id), "grid2" a grid worker of the other grid than the request's, "pending" a resident
//   whose joining is not approved yet. Rows run top to bottom, callers left to right (state carries over:
//   e.g. a second support is 409). An endpoint without a row fails the first test.
type Outcome = 'ok' | 400 | 401 | 403 | 404 | 409;

// prettier-ignore
const MATRIX: Record<string, Outcome[]> = {
  //                                  anon  resident other pending volunteer grid2 staff  admin  street merchant
  'system.health':                  ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'system.openapi':                 ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'auth.wechatSignIn':              ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'me.get':                         [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'me.export':                      [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'me.delete':                      [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok',  409, 'ok', 'ok'],
  'me.update':                      [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'communities.list':               ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'communities.get':                ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'memberships.join':               [ 401,  409, 'ok',  409,  409,  409,  409,  409, 'ok',  409],
  'memberships.leave':              [ 401, 'ok',  403,  403, 'ok', 'ok', 'ok',  409, 'ok', 'ok'],
  'community.settings.get':         [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'community.settings.update':      [ 401,  403,  404,  403,  403,  403,  403, 'ok',  403,  403],
  'residents.list':                 [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'residents.approve':              [ 401,  403,  404,  403,  403,  403,  409,  409,  403,  403],
  'residents.reject':               [ 401,  403,  404,  403,  403,  403,  409,  409,  403,  403],
  'residents.remove':               [ 401,  403,  404,  403,  403,  403, 'ok',  409,  403,  403],
  'residents.move':                 [ 401,  403,  404,  403,  403,  403,  409,  409,  403,  403],
  'residents.grantRole':            [ 401,  403,  404,  403,  403,  403,  403,  409,  403,  403],
  'residents.revokeRole':           [ 401,  403,  404,  403,  403,  403,  403,  409,  403,  403],
  'residents.get':                  [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'residents.events':               [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'inviteCodes.create':             [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'inviteCodes.list':               [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'inviteCodes.revoke':             [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'audit.list':                     [ 401,  403,  404,  403,  403,  403,  403, 'ok',  403,  403],
  'community.open311Key':           [ 401,  403,  404,  403,  403,  403,  403, 'ok',  403,  403],
  'requests.create':                [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok',  403,  403],
  'requests.list':                  [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'requests.similar':               [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok',  403,  403],
  'requests.replyTemplates':        [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok', 'ok',  403],
  'requests.get':                   [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'requests.act':                   [ 401, 'ok',  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'requests.rate':                  [ 401,  409,  404,  403,  403,  403,  403,  403,  403,  403],
  'requests.meToo':                 [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok',  403,  403],
  'requests.approveContent':        [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'requests.approvePhoto':          [ 401,  403,  404,  403,  403,  403,  404,  404,  403,  403],
  'requests.setPublic':             [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'requests.duplicateCandidates':   [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'requests.callBacksDue':          [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  // 吹哨报到: the picker for whoever may dispatch the request (street staff only once it is the street's: 403 on this public one); the unit side is
  // street-scoped: nobody here is of a unit (no queue: 403; a request: 404). Unit people: dispatch.test.ts's matrix.
  'requests.dispatchOptions':       [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'requests.unitList':              [ 401,  403,  403,  403,  403,  403,  403,  403,  403,  403],
  'requests.unitGet':               [ 401,  404,  404,  404,  404,  404,  404,  404,  404,  404],
  'requests.unitAct':               [ 401,  404,  404,  404,  404,  404,  404,  404,  404,  404],
  'requests.unitPhotoUpload':       [ 401,  404,  404,  404,  404,  404,  404,  404,  404,  404],
  'messages.list':                  [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'messages.markRead':              [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // 单位消息: street-scoped like the unit queue; nobody here is of a unit (403). Unit people: dispatch-gaps.test.ts.
  'messages.unitList':              [ 401,  403,  403,  403,  403,  403,  403,  403,  403,  403],
  'messages.unitMarkRead':          [ 401,  403,  403,  403,  403,  403,  403,  403,  403,  403],
  'stats.requests':                 [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'stats.exportRequests':           [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'stats.rankings':                 [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'stats.exportRankings':           [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'stats.hotspots':                 [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'stats.hotspotAct':               [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'uploads.photo':                  [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok',  403],
  'uploads.voice':                  [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok',  403],
  'uploads.subscribe':              [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'uploads.templates':              [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'consultations.create':           [ 401, 'ok',  404,  403, 'ok',  403, 'ok', 'ok',  403,  403],
  'consultations.list':             [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'consultations.get':              [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'consultations.edit':             [ 401, 'ok',  404,  403,  403,  403,  403,  403,  403,  403],
  'consultations.support':          [ 401,  403,  404,  403, 'ok',  403,  403,  403,  403,  403],
  'consultations.comments':         [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'consultations.comment':          [ 401, 'ok',  404,  403, 'ok',  403, 'ok', 'ok',  403,  403],
  'consultations.reportComment':    [ 401,  400,  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'consultations.moderateComment':  [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'consultations.act':              [ 401,  403,  404,  403,  403,  403,  409,  409,  403,  403],
  'consultations.vote':             [ 401, 'ok',  404,  403, 'ok',  403,  403,  403,  403,  403],
  'volunteers.register':            [ 401, 'ok',  404,  403,  409,  403,  403,  403,  403,  403],
  'volunteers.me':                  [ 401, 'ok',  404,  403, 'ok',  404,  404,  404,  404,  404],
  'volunteers.updateMe':            [ 401, 'ok',  404,  403, 'ok',  404,  404,  404,  404,  404],
  'volunteers.list':                [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'volunteers.review':              [ 401,  403,  404,  403,  403,  403,  409,  409,  403,  403],
  'volunteers.awards':              [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'volunteers.award':               [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'volunteers.withhold':            [ 401,  403,  404,  403,  403,  403, 'ok',  409,  403,  403],
  'volunteers.ledger':              [ 401, 'ok',  404,  403, 'ok',  404,  404,  404,  404,  404],
  'volunteers.adjust':              [ 401,  403,  404,  403,  403,  403,  403, 'ok',  403,  403],
  'volunteers.leaderboard':         [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'volunteers.posts':               [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'volunteers.createPost':          [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'volunteers.claimPost':           [ 401,  403,  404,  403, 'ok',  404,  404,  404,  404,  404],
  'activities.create':              [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'activities.list':                [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'activities.get':                 [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'activities.signup':              [ 401,  403,  404,  403, 'ok',  403,  403,  403,  403,  403],
  'activities.cancel':              [ 401,  403,  404,  403, 'ok',  403,  403,  403,  403,  403],
  'activities.roster':              [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'activities.code':                [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'activities.checkin':             [ 401,  403,  404,  403,  409,  403,  403,  403,  403,  403],
  'activities.attendance':          [ 401,  403,  404,  403,  403,  403,  409,  409,  403,  403],
  'mall.createReward':              [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403, 'ok'],
  'mall.rewards':                   [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  // The resident registered as a volunteer above (pending): points are spent by any account holder, so the
  // answer is the balance's (409), not a refusal.
  'mall.redeem':                    [ 401,  409,  404,  403,  409,  403,  403,  403,  403,  403],
  'mall.redemptions':               [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'mall.lookup':                    [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'mall.fulfil':                    [ 401,  403,  404,  403,  403,  403, 'ok',  409,  403,  403],
  'mall.cancel':                    [ 401,  404,  404,  403,  409,  404,  404,  404,  404,  404],
  // The fixture patrol is demo-grid-1's in 第一网格; grid2 serves 第二网格 and starts one of its own there.
  'patrols.start':                  [ 401,  403,  404,  403,  403, 'ok',  403,  403,  403,  403],
  'patrols.list':                   [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'patrols.coverage':               [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'patrols.get':                    [ 401,  403,  404,  403,  403,  404, 'ok', 'ok',  403,  403],
  'patrols.check':                  [ 401,  403,  404,  403,  403,  404,  403,  403,  403,  403],
  'patrols.end':                    [ 401,  403,  404,  403,  403,  404, 'ok', 'ok',  403,  403],
  // Anyone signed in applies to be a 流动网格员 (a courier needs no membership: "other" applies to 示范社区 too); the
  // fixture application is a courier's with no membership, approved by staff, then decided already for the admin.
  'mobileGrid.apply':               [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'mobileGrid.mine':                [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'mobileGrid.list':                [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'mobileGrid.review':              [ 401,  403,  404,  403,  403,  403, 'ok',  409,  403,  403],
  // The fixture household is the resident's (1号楼, 第一网格); grid2 serves 第二网格. A household where a member lives
  // is never erased (409); removing an occupant already removed answers the household unchanged.
  'households.list':                [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'households.mine':                [ 401, 'ok',  404,  403, 'ok',  403,  403,  403,  403,  403],
  'households.get':                 [ 401, 'ok',  404,  403,  404,  404, 'ok', 'ok',  403,  403],
  'households.create':              [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'households.import':              [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'households.addOccupant':         [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'households.updateOccupant':      [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'households.removeOccupant':      [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'households.erase':               [ 401,  403,  404,  403,  403,  403,  409,  409,  403,  403],
  // 关爱标记: set and cleared by staff only; the due list is the grid worker's (their grids) and staff's.
  'households.due':                 [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'households.setCareFlag':         [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  'households.clearCareFlag':       [ 401,  403,  404,  403,  403,  403, 'ok', 'ok',  403,  403],
  // 走访: the household's grid's workers and staff; a worker of another grid finds neither the household nor the
  // visit (404); residents and merchants nothing; street staff the coverage figures only (the board's). The follow-up is marked
  // done once (staff), then 409.
  'visits.create':                  [ 401,  403,  404,  403,  403,  404, 'ok', 'ok',  403,  403],
  'visits.list':                    [ 401,  403,  404,  403,  403,  404, 'ok', 'ok',  403,  403],
  'visits.followUps':               [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'visits.coverage':                [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok', 'ok',  403],
  'visits.get':                     [ 401,  403,  404,  403,  403,  404, 'ok', 'ok',  403,  403],
  'visits.completeFollowUp':        [ 401,  403,  404,  403,  403,  404, 'ok',  409,  403,  403],
  // 矛盾纠纷调处: the fixture case is staff's (its mediator) between the resident and a named outsider. Grid workers,
  // staff and 人民调解员 open cases; anyone lists their own as a party; the figures are staff's and the street's. The
  // case: staff see it and act on it as its mediator; the admin sees it (contents) but makes no move; street staff see
  // its summary (an ordinary case the street does not hold) and make no move; the resident is a party (sees it,
  // confirms the agreement); nobody else finds it (404). It runs open → session → agreed → the resident confirms →
  // staff record the outsider's paper signature (confirmed) → escalation, referral and ending are refused by the state
  // (409) → the 回访 closes it → mediators of a closed case no longer change (409).
  'mediation.create':               [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'mediation.list':                 [ 401, 'ok',  404,  403, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'mediation.candidates':           [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'mediation.mediatorCandidates':   [ 401,  403,  404,  403,  403, 'ok', 'ok', 'ok',  403,  403],
  'mediation.stats':                [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'mediation.exportStats':          [ 401,  403,  404,  403,  403,  403, 'ok', 'ok', 'ok',  403],
  'mediation.get':                  [ 401, 'ok',  404,  403,  404,  404, 'ok', 'ok', 'ok',  404],
  'mediation.recordSession':        [ 401,  403,  404,  403,  403,  404, 'ok',  403,  403,  403],
  'mediation.conclude':             [ 401,  403,  404,  403,  403,  404, 'ok',  403,  403,  403],
  'mediation.confirm':              [ 401, 'ok',  404,  403,  404,  404,  403,  403,  403,  404],
  'mediation.recordSignature':      [ 401,  403,  404,  403,  403,  404, 'ok',  403,  403,  403],
  'mediation.escalate':             [ 401,  403,  404,  403,  403,  404,  409,  403,  403,  403],
  'mediation.refer':                [ 401,  403,  404,  403,  403,  404,  409,  403,  403,  403],
  'mediation.end':                  [ 401,  403,  404,  403,  403,  404,  409,  403,  403,  403],
  'mediation.followUp':             [ 401,  403,  404,  403,  403,  404, 'ok',  403,  403,  403],
  'mediation.addMediator':          [ 401,  403,  404,  403,  403,  404,  409,  409,  403,  403],
  'mediation.removeMediator':       [ 401,  403,  404,  403,  403,  404,  409,  409,  403,  403],
  // 单位 (units): street-level, no community. Street staff (吴科长, not an admin) read their street's units; only a
  // street admin writes (the unit-specific callers — admins, a unit's people, other streets — are in units.test.ts's
  // matrix). Anyone signed in joins with a code (a 7-day code of 阳光物业公司); /api/unit/me answers everyone.
  'units.street.list':              [ 401,  403,  403,  403,  403,  403,  403,  403, 'ok',  403],
  'units.street.get':               [ 401,  403,  403,  403,  403,  403,  403,  403, 'ok',  403],
  'units.create':                   [ 401,  403,  403,  403,  403,  403,  403,  403,  403,  403],
  'units.update':                   [ 401,  403,  403,  403,  403,  403,  403,  403,  403,  403],
  'units.invites.create':           [ 401,  403,  403,  403,  403,  403,  403,  403,  403,  403],
  'units.members.remove':           [ 401,  403,  403,  403,  403,  403,  403,  403,  403,  403],
  'units.join':                     [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
  'units.mine':                     [ 401, 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
};

/** The callers and fixtures, set up once for both tables below. */
let callers: ReturnType<typeof setUpCallers> | undefined;
const setUp = () => (callers ??= setUpCallers());

/** Joining, leaving and deleting change who the callers are: they run last, in this order. */
const LAST = ['units.join', 'memberships.join', 'memberships.leave', 'me.delete'];

// The same callers against the visibility rule (request.visibility.ts), through the real handlers: which of a
// request's personal fields, phone numbers and notes each of them receives — while it is private, once staff made
// it public, and for a request whose filer did not agree to be called. `phone` is the filer's phone (handlers
// only, with consent), `holderPhone` the work phone of the staff member holding it (the filer and handlers);
// `place` the place marked on the map and `point` its exact coordinates (the 'address' row), `point~` the point
// rounded to about 100 m (what the public gets of a public request, as keyless Open311 does).
// Columns as in the matrix below; it runs first, before the matrix's last rows change who the callers are.
type Seen = string | number;
const HANDLER = 'address filerName household place point phone holderPhone notes:filer,internal,public';
const FILER = 'address filerName household place point holderPhone notes:filer,public';
const PUBLIC = 'point~ notes:public';
// prettier-ignore
const FIELDS_SEEN: Record<'private' | 'public' | 'no consent', Seen[]> = {
  //              anon  resident (filer)  other pending volunteer       grid2           staff    admin    street          merchant
  private:      [ 401,  FILER,            404,  403,    404,            404,            HANDLER, HANDLER, 404,            404 ],
  public:       [ 401,  FILER,            404,  403,    PUBLIC,         PUBLIC,         HANDLER, HANDLER, PUBLIC,         PUBLIC ],
  'no consent': [ 401,  FILER,            404,  403,    404,            404,            HANDLER.replace(' phone', ''), HANDLER.replace(' phone', ''), 404, 404 ],
};

describe('request fields by caller', () => {
  let tokens: Map<Caller, string | undefined>;
  let f: Fixtures;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ({ tokens, f } = await setUp());
    const staff = tokens.get('staff')!;
    expect((await call('PATCH', '/api/me', { token: staff, body: { workPhone: '13700007777' } })).status).toBe(200);
    for (const [state, phoneConsent] of [['private', true], ['no consent', false]] as const) {
      const r = await call('POST', '/api/requests', { token: tokens.get('resident'), body: { category: 'safety', description: '楼道堆放电动车电池，有火灾隐患', location: { address: '1号楼1单元楼道', place: '示范社区1号楼（和平路88号）', lat: 31.234567, lng: 121.476543 }, phoneConsent } });
      ids[state] = r.body.id;
      await call('POST', `/api/requests/${r.body.id}/actions`, { token: staff, body: { action: 'accept' } });
      for (const audience of ['filer', 'internal', 'public'])
        await call('POST', `/api/requests/${r.body.id}/actions`, { token: staff, body: { action: 'reply', body: `写给${audience}的备注`, audience } });
    }
    ids.public = ids.private!;
  });

  const seenBy = async (caller: Caller, id: string): Promise<Seen> => {
    const res = await call('GET', `/api/requests/${id}`, { token: tokens.get(caller), community: caller === 'other' ? f.demoId : undefined });
    if (res.status !== 200) return res.status;
    const fields = ['address', 'filerName', 'household', 'place'].filter((k) => res.body[k] !== undefined);
    if (res.body.lat === 31.234567 && res.body.lng === 121.476543) fields.push('point');
    else if (res.body.lat === 31.235 && res.body.lng === 121.477 && res.body.coordinatesRounded) fields.push('point~');
    else if (res.body.lat !== undefined || res.body.lng !== undefined) fields.push('point?');
    // Anywhere else in the answer is a leak too.
    if (!fields.includes('point') && /31\.2345|121\.4765/.test(res.raw)) fields.push('leaked point');
    if (!fields.includes('place') && /和平路/.test(res.raw)) fields.push('leaked place');
    if (res.body.contact?.phone) fields.push('phone');
    if (res.body.assigneePhone === '13700007777') fields.push('holderPhone');
    const notes = res.body.timeline.filter((e: any) => e.note?.startsWith('写给')).map((e: any) => e.note.slice(2, -3)).sort();
    return [...fields, `notes:${notes.join(',')}`].join(' ');
  };

  it.each([['private'], ['public'], ['no consent']] as const)('%s request', async (state) => {
    if (state === 'public') await call('POST', `/api/requests/${ids.public}/visibility`, { token: tokens.get('staff'), body: { public: true } });
    const seen: Seen[] = [];
    for (const caller of CALLERS) seen.push(await seenBy(caller, ids[state]!));
    expect(seen).toEqual(FIELDS_SEEN[state]);
  });
});

describe('authorization matrix', () => {
  let tokens: Map<Caller, string | undefined>;
  let f: Fixtures;

  beforeAll(async () => {
    ({ tokens, f } = await setUp());
  });

  it('has a row for every endpoint, and a request for it', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(allEndpoints.map((e) => e.id).sort());
  });

  const ids = [...allEndpoints.map((e) => e.id).filter((id) => !LAST.includes(id)), ...LAST];
  it.each(ids.map((id) => [id]))('%s', async (id) => {
    const e = allEndpoints.find((x) => x.id === id)!;
    const expected = MATRIX[id];
    const seen: (Outcome | number)[] = [];
    for (const caller of CALLERS) {
      const r = requestFor(id, f, caller);
      const res = await call(e.method, r.path, { token: tokens.get(caller), body: r.body, query: r.query, community: caller === 'other' ? f.demoId : undefined });
      seen.push(res.status >= 200 && res.status < 300 ? 'ok' : res.status);
    }
    if (process.env.AUTHZ_DISCOVER) console.log(`  '${id}': ${JSON.stringify(seen)},`);
    expect(seen).toEqual(expected);
  });
});


// The units matrix (单位, issue 19): street-level and unit-side endpoints by the callers that decide them — a signed-in
// nobody, a person of 阳光物业公司 (the unit acted on), a person of another unit of the street (自来水公司) and of a
// unit of another street (滨江物业公司), plain street staff of 示范街道 (not an admin), its street admin (何主任) and
// the admin of 滨江街道. 'seen' = 2xx and the answer lists 阳光物业公司. Rows run top to bottom (joining last).
type UnitOutcome = Outcome | 'seen';
// prettier-ignore
const UNIT_MATRIX: Record<string, UnitOutcome[]> = {
  //                         anon  nobody unitMember otherUnit riverUnit street streetAdmin riverAdmin
  'units.street.list':     [ 401,  403,   403,       403,      403,      'seen', 'seen',     'ok'],
  'units.street.get':      [ 401,  403,   403,       403,      403,      'ok',   'ok',       404 ],
  'units.create':          [ 401,  403,   403,       403,      403,      403,    'ok',       400 ],
  'units.update':          [ 401,  403,   403,       403,      403,      403,    'ok',       404 ],
  'units.invites.create':  [ 401,  403,   403,       403,      403,      403,    'ok',       404 ],
  'units.members.remove':  [ 401,  403,   403,       403,      403,      403,    'ok',       404 ],
  'units.mine':            [ 401,  'ok',  'seen',    'ok',     'ok',     'ok',   'ok',       'ok'],
  'units.join':            [ 401,  'ok',  409,       'ok',     'ok',     'ok',   'ok',       'ok'],
};

describe('units authorization matrix (street roles and unit people)', () => {
  let tokens: Map<UnitCaller, string | undefined>;
  let f: UnitFixtures;

  beforeAll(async () => {
    await setUp();
    ({ tokens, f } = await setUpUnitCallers());
  });

  it('has a row for every units endpoint', () => {
    expect(Object.keys(UNIT_MATRIX).sort()).toEqual(allEndpoints.filter((e) => e.id.startsWith('units.')).map((e) => e.id).sort());
  });

  it.each(Object.keys(UNIT_MATRIX).map((id) => [id]))('%s', async (id) => {
    const e = allEndpoints.find((x) => x.id === id)!;
    const seen: (UnitOutcome | number)[] = [];
    for (const caller of UNIT_CALLERS) {
      const r = unitRequestFor(id, f, caller);
      const res = await call(e.method, r.path, { token: tokens.get(caller), body: r.body, query: r.query });
      const lists = (res.body?.items ?? []).some((u: { id?: string; name?: string }) => u.id === f.unitId);
      seen.push(res.status >= 200 && res.status < 300 ? (lists ? 'seen' : 'ok') : res.status);
    }
    if (process.env.AUTHZ_DISCOVER) console.log(`  '${id}': ${JSON.stringify(seen)},`);
    expect(seen).toEqual(UNIT_MATRIX[id]);
  });
});
