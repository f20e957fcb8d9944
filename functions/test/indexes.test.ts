import mongoose from 'mongoose';
import { db, ensureIndexes } from '../src/lib/db';
import { RequestModel } from '../src/requests/request.model';
import { MessageModel } from '../src/messages/message.model';
import { MembershipModel } from '../src/communities/community.model';
import { ActivityModel, LedgerEntryModel, StarAwardModel, VolunteerModel } from '../src/volunteers/volunteer.model';
import { RedemptionModel, RewardModel } from '../src/mall/mall.model';
import { BallotModel, CommentModel, ConsultationModel, ElectorModel, ParticipationModel, SupportModel } from '../src/consultations/consultation.model';
import { seededWorld } from './helpers/seeded';

// Every list, filter and statistics query, as the handlers run it, must be served by an index: its equality
// fields form a prefix of an index's keys and the sort field follows (so no collection scan and no in-memory sort).
// On MongoDB the winning plan must also use that index (IXSCAN); FerretDB on SQLite plans only _id lookups
// in the database, so there the check is the index definition the query will use on MongoDB.
type Shape = { name: string; model: mongoose.Model<any>; filter: Record<string, unknown>; sort?: Record<string, 1 | -1> };

const c = new mongoose.Types.ObjectId();
const u = new mongoose.Types.ObjectId();
const shapes: Shape[] = [
  { name: 'requests: community queue', model: RequestModel, filter: { communityId: c }, sort: { _id: -1 } },
  { name: 'requests: mine', model: RequestModel, filter: { communityId: c, filerId: u }, sort: { _id: -1 } },
  { name: 'requests: assigned to me', model: RequestModel, filter: { communityId: c, assigneeId: u }, sort: { _id: -1 } },
  { name: 'requests: by grid', model: RequestModel, filter: { communityId: c, gridId: u }, sort: { _id: -1 } },
  { name: 'requests: by status', model: RequestModel, filter: { communityId: c, status: 'submitted' }, sort: { _id: -1 } },
  { name: 'requests: duplicates in a building', model: RequestModel, filter: { communityId: c, buildingId: u, category: 'facility', createdAt: { $gte: new Date() } }, sort: { createdAt: -1 } },
  { name: 'requests: export period', model: RequestModel, filter: { communityId: c, createdAt: { $gte: new Date(), $lt: new Date() } }, sort: { createdAt: -1 } },
  { name: 'requests: not yet in the 三率 counters (repair)', model: RequestModel, filter: { statsDirty: true, updatedAt: { $lt: new Date() } }, sort: { updatedAt: 1 } },
  { name: 'requests: deadline job (resolution)', model: RequestModel, filter: { status: { $in: ['submitted'] }, resolveBy: { $lt: new Date() } } },
  { name: 'requests: deadline job (response)', model: RequestModel, filter: { status: { $in: ['submitted'] }, respondBy: { $lt: new Date() } } },
  { name: 'messages: my list', model: MessageModel, filter: { communityId: c, userId: u }, sort: { _id: -1 } },
  { name: 'messages: unread count', model: MessageModel, filter: { communityId: c, userId: u, read: false } },
  { name: 'memberships: residents of a community', model: MembershipModel, filter: { communityId: c, status: 'active' }, sort: { _id: -1 } },
  { name: 'memberships: residents in a topic’s buildings', model: MembershipModel, filter: { communityId: c, status: 'active', 'household.buildingId': { $in: [u] } } },
  { name: 'consultations: all, newest first', model: ConsultationModel, filter: { communityId: c }, sort: { _id: -1 } },
  { name: 'consultations: by stage', model: ConsultationModel, filter: { communityId: c, status: { $in: ['collecting', 'review'] } }, sort: { _id: -1 } },
  { name: 'consultations: by scope', model: ConsultationModel, filter: { communityId: c, 'scope.level': 'grid', 'scope.id': u }, sort: { _id: -1 } },
  { name: 'consultations: job (voting past its end)', model: ConsultationModel, filter: { status: 'voting', votingEndsAt: { $lte: new Date() } } },
  { name: 'consultations: job (collection past its deadline)', model: ConsultationModel, filter: { status: 'collecting', collectUntil: { $lte: new Date() } } },
  { name: 'consultations: my supports', model: SupportModel, filter: { consultationId: { $in: [c] }, userId: u } },
  { name: 'consultations: support count', model: SupportModel, filter: { consultationId: c } },
  { name: 'consultations: comments in order', model: CommentModel, filter: { consultationId: c }, sort: { _id: 1 } },
  { name: 'consultations: comment counts by stance', model: CommentModel, filter: { consultationId: c, stance: 'for', parentId: null, contentStatus: 'pass', hidden: null } },
  { name: 'consultations: frozen list of a topic', model: ElectorModel, filter: { consultationId: c } },
  { name: 'consultations: turnout', model: ParticipationModel, filter: { consultationId: c } },
  { name: 'consultations: ballots to count', model: BallotModel, filter: { consultationId: c } },
  { name: 'volunteers: my record', model: VolunteerModel, filter: { communityId: c, userId: u } },
  { name: 'volunteers: by status, newest first', model: VolunteerModel, filter: { communityId: c, status: 'pending' }, sort: { _id: -1 } },
  { name: 'volunteers: star roster', model: VolunteerModel, filter: { communityId: c, status: 'active' }, sort: { hours: -1 } },
  { name: 'volunteers: leaderboard by points', model: VolunteerModel, filter: { communityId: c, status: 'active' }, sort: { pointsEarned: -1 } },
  { name: 'activities: upcoming', model: ActivityModel, filter: { communityId: c, endAt: { $gte: new Date() } }, sort: { endAt: 1 } },
  { name: 'activities: mine', model: ActivityModel, filter: { communityId: c, seats: u } },
  { name: 'ledger: passbook', model: LedgerEntryModel, filter: { volunteerId: u }, sort: { _id: -1 } },
  { name: 'ledger: by key', model: LedgerEntryModel, filter: { key: 'earn:x' } },
  { name: 'ledger: next in sequence', model: LedgerEntryModel, filter: { volunteerId: u, seq: 3 } },
  { name: 'ledger: pending for repair', model: LedgerEntryModel, filter: { status: 'pending', createdAt: { $lt: new Date() } } },
  { name: 'ledger: leaderboard period', model: LedgerEntryModel, filter: { communityId: c, kind: 'earn', createdAt: { $gte: new Date() } } },
  { name: 'star awards: 公示 list', model: StarAwardModel, filter: { communityId: c }, sort: { _id: -1 } },
  { name: 'rewards: mall', model: RewardModel, filter: { communityId: c }, sort: { _id: -1 } },
  { name: 'redemptions: mine', model: RedemptionModel, filter: { communityId: c, volunteerUserId: u }, sort: { _id: -1 } },
  { name: 'redemptions: to fulfil', model: RedemptionModel, filter: { communityId: c, merchantId: u }, sort: { _id: -1 } },
  { name: 'redemptions: expiry', model: RedemptionModel, filter: { status: 'issued', expiresAt: { $lte: new Date() } } },
];

/** The first index whose keys start with the filter's fields (equalities first, then a range) and then the sort. */
function servingIndex(indexes: { key: Record<string, number>; name: string }[], s: Shape) {
  const fields = Object.keys(s.filter);
  const isRange = (f: string) => {
    const v = s.filter[f];
    return !!v && typeof v === 'object' && !(v instanceof mongoose.Types.ObjectId) && Object.keys(v).some((k) => ['$gte', '$lt', '$lte', '$gt'].includes(k));
  };
  const equalities = fields.filter((f) => !isRange(f));
  const ranges = fields.filter(isRange);
  const sortKeys = Object.keys(s.sort ?? {});
  return indexes.find((ix) => {
    const keys = Object.keys(ix.key);
    const head = keys.slice(0, equalities.length);
    if (!equalities.every((f) => head.includes(f))) return false;
    const rest = keys.slice(equalities.length);
    const wanted = [...ranges, ...sortKeys.filter((k) => !ranges.includes(k))];
    return wanted.every((f, i) => rest[i] === f);
  });
}

describe('indexes', () => {
  beforeAll(async () => {
    await seededWorld();
    await ensureIndexes();
  });

  it.each(shapes.map((s) => [s.name, s] as const))('%s is served by an index', async (_name, s) => {
    await db();
    const indexes = (await s.model.collection.indexes()) as { key: Record<string, number>; name: string }[];
    const ix = servingIndex(indexes, s);
    expect(ix).toBeDefined();
    if (!process.env.LINLI_TEST_DB_ENGINE?.startsWith('FerretDB')) {
      const plan = JSON.stringify(await s.model.find(s.filter).sort(s.sort ?? {}).explain('queryPlanner'));
      expect(plan).toContain('IXSCAN');
      expect(plan).not.toContain('COLLSCAN');
    }
  });
});
