import { DEFAULT_REQUEST_TYPE, missingCalendarWarning } from '@linli/shared';
import { RequestModel } from '../requests/request.model';
import { installBuiltInCalendars, missingExpectedYears } from './holidays';

export interface WorkdaysUpgradeResult {
  /** Years whose shipped calendar was installed (none stored yet). */
  installed: number[];
  /** Requests from before types given the stored default, 求助. */
  typed: number;
  /** The warning for expected years still without a calendar, if any. */
  warning: string | null;
}

/**
 * Upgrade step of issue 19's working days (`npm run upgrade`; safe to run again, and while the API runs): installs
 * the holiday calendars the platform ships (2026) where the year has none, and stores 求助 on requests filed before
 * types (reads already treat a missing type as 求助; stored, the type filter of lists finds them). Their deadlines
 * are left as they were given.
 */
export async function upgradeWorkdays(now = new Date()): Promise<WorkdaysUpgradeResult> {
  const installed = await installBuiltInCalendars();
  // Only where none is stored: a type staff set meanwhile is never overwritten; no counted field changes.
  const r = await RequestModel.updateMany({ type: { $exists: false } }, { $set: { type: DEFAULT_REQUEST_TYPE } });
  return { installed, typed: r.modifiedCount, warning: missingCalendarWarning(await missingExpectedYears(now)) };
}
