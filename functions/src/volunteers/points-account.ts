import type { Types } from 'mongoose';
import { isDuplicateKey } from '../lib/errors';
import { VolunteerModel, newVolunteerDoc, type VolunteerDoc } from './volunteer.model';

/**
 * The account points go to for someone in a community: their volunteer record if they have one (whatever its
 * status), else a new 积分账户 (status `points`: a balance and a passbook, no registration). Created on the first
 * earning only. The record is unique per community and person, so two first earnings at once converge on one
 * account: the insert that loses the race reads the one that won.
 */
export async function pointsAccount(communityId: Types.ObjectId, userId: Types.ObjectId, name: string, now: Date): Promise<VolunteerDoc> {
  const existing = await VolunteerModel.findOne({ communityId, userId }).lean();
  if (existing) return existing as VolunteerDoc;
  try {
    return (await VolunteerModel.create(newVolunteerDoc({ communityId, userId, name, status: 'points', skills: [], createdAt: now }))).toObject() as VolunteerDoc;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await VolunteerModel.findOne({ communityId, userId }).lean()) as VolunteerDoc;
  }
}
