import type { FilterQuery, Model, PipelineStage, UpdateQuery, Types, QueryOptions } from 'mongoose';

/**
 * The one way feature code reads and writes community data: every query gets `communityId` added,
 * so no handler can forget it and staff of one community never see another's records.
 */
export class CommunityScope {
  constructor(readonly communityId: Types.ObjectId) {}

  private f<T>(filter: FilterQuery<T> = {}): FilterQuery<T> {
    return { ...filter, communityId: this.communityId } as FilterQuery<T>;
  }

  find<T>(model: Model<T>, filter?: FilterQuery<T>) {
    return model.find(this.f(filter));
  }
  findOne<T>(model: Model<T>, filter?: FilterQuery<T>) {
    return model.findOne(this.f(filter));
  }
  /**
   * Finds by id inside this community; an id from another community is simply not found. The query names only
   * `_id` and the community is checked on the document: FerretDB on SQLite reads a single row for a filter that is
   * exactly `{_id}` and the whole collection for anything more (`{_id, communityId}` included), so detail reads
   * stay independent of the collection's size there too. A projection chained onto it must keep `communityId`.
   */
  findById<T>(model: Model<T>, id: string | Types.ObjectId) {
    return model
      .findOne({ _id: id } as FilterQuery<T>)
      .transform((doc) => (doc && String((doc as { communityId?: unknown }).communityId) === String(this.communityId) ? doc : null));
  }
  countDocuments<T>(model: Model<T>, filter?: FilterQuery<T>) {
    return model.countDocuments(this.f(filter));
  }
  updateOne<T>(model: Model<T>, filter: FilterQuery<T>, update: UpdateQuery<T>) {
    return model.updateOne(this.f(filter), update);
  }
  updateMany<T>(model: Model<T>, filter: FilterQuery<T>, update: UpdateQuery<T>) {
    return model.updateMany(this.f(filter), update);
  }
  findOneAndUpdate<T>(model: Model<T>, filter: FilterQuery<T>, update: UpdateQuery<T>, options: QueryOptions<T> = {}) {
    return model.findOneAndUpdate(this.f(filter), update, { new: true, ...options });
  }
  create<T>(model: Model<T>, doc: Omit<Partial<T>, 'communityId'>) {
    return model.create({ ...doc, communityId: this.communityId });
  }
  aggregate<T>(model: Model<T>, pipeline: PipelineStage[]) {
    return model.aggregate([{ $match: { communityId: this.communityId } }, ...pipeline]);
  }
}
