import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { CaseModel, type CaseDoc } from './case.model';
import { streetStaffOf, tellAboutCase } from './notify';

export const FOLLOW_UP_DUE_TITLE = '调解协议已到回访时间，请及时回访';

/**
 * The notice's source: the same for one case and one due date, so however often the job runs (or is retried after a
 * crash between the notice and the mark), each mediator gets one message per agreement's 回访 (messages are unique
 * per source and person). A new agreement has a new due date, hence a new notice.
 */
export function followUpNoticeSource(caseId: Types.ObjectId, dueAt: Date): Types.ObjectId {
  return new Types.ObjectId(createHash('sha1').update(`mediation-follow-up:${caseId.toHexString()}:${dueAt.toISOString()}`).digest('hex').slice(0, 24));
}

/**
 * 回访到期提醒, run by the deadline job (requests/deadlines.ts, every 15 minutes): each agreement every party
 * confirmed whose 回访 fell due tells the case's mediators once (and the street's staff when the street holds the case:
 * they make its moves too). The notice names the kind and number only, as every mediation notice; the case is marked
 * told afterwards, conditional on the same agreement still waiting — not bumping the case's revision, so a mediator's
 * move at the same moment is not turned away. Answers how many cases were told.
 */
export async function noticeDueFollowUps(now: Date): Promise<number> {
  const due = await CaseModel.find({ status: 'confirmed', followUpNoticedAt: null, followUpDueAt: { $lte: now } })
    .select({ communityId: 1, type: 1, level: 1, mediatorIds: 1, followUpDueAt: 1 })
    .limit(1000)
    .lean<CaseDoc[]>();
  let told = 0;
  for (const d of due) {
    if (!d.followUpDueAt) continue;
    const to = [...d.mediatorIds, ...(d.level === 'street' ? await streetStaffOf(d.communityId) : [])];
    // A notice that could not be written leaves the case unmarked: the next run tries again.
    if (!(await tellAboutCase(d, to, FOLLOW_UP_DUE_TITLE, followUpNoticeSource(d._id, d.followUpDueAt), now))) continue;
    const marked = await CaseModel.updateOne(
      { _id: d._id, status: 'confirmed', followUpDueAt: d.followUpDueAt, followUpNoticedAt: null },
      { $set: { followUpNoticedAt: now } },
      { timestamps: false },
    );
    if (marked.modifiedCount) told++;
  }
  return told;
}
