import { Schema, model, models, type Model } from 'mongoose';
import type { DocOf, Timestamps } from '../lib/doc-type';

/**
 * One year's holiday calendar (国务院办公厅关于X年部分节假日安排的通知), kept by platform operators
 * (`npm run admin -- set-holidays`); the seed and `npm run upgrade` install the years the platform ships
 * (shared BUILT_IN_HOLIDAY_CALENDARS). Working-day deadlines read it (holidays.ts); a year without one counts weekends only.
 */
const holidayCalendarDefinition = {
  year: { type: Number, required: true },
  /** Days off, `YYYY-MM-DD` (Asia/Shanghai). */
  holidays: { type: [String], default: [] },
  /** Weekend days worked instead (调休上班). */
  workdays: { type: [String], default: [] },
  /** Where the dates come from: the notice's address and title. */
  source: { type: String, required: true },
};
export type HolidayCalendarDoc = DocOf<typeof holidayCalendarDefinition> & Timestamps;
const HolidayCalendarSchema = new Schema<HolidayCalendarDoc>(holidayCalendarDefinition, { timestamps: true, collection: 'holiday_calendars' });
HolidayCalendarSchema.index({ year: 1 }, { unique: true });

export const HolidayCalendarModel =
  (models.HolidayCalendar as Model<HolidayCalendarDoc>) ?? model<HolidayCalendarDoc>('HolidayCalendar', HolidayCalendarSchema);
