import { authEndpoints } from './auth/auth.endpoints';
import { communityEndpoints } from './communities/community.endpoints';
import { requestEndpoints } from './requests/request.endpoints';
import { consultationEndpoints } from './consultations/consultation.endpoints';
import { volunteerEndpoints } from './volunteers/volunteer.endpoints';
import { activityEndpoints } from './volunteers/activity.endpoints';
import { mallEndpoints } from './volunteers/mall.endpoints';
import { messageEndpoints } from './messages/message.endpoints';
import { statsEndpoints } from './requests/stats.endpoints';
import { uploadEndpoints } from './requests/uploads.endpoints';
import { systemEndpoints } from './system/system.endpoints';
import { patrolEndpoints } from './patrols/patrol.endpoints';
import { mobileGridEndpoints } from './mobile-grid/mobile-grid.endpoints';
import { householdEndpoints } from './households/household.endpoints';
import { mediationEndpoints } from './mediation/mediation.endpoints';
import { visitEndpoints } from './visits/visit.endpoints';
import { unitEndpoints } from './units/unit.endpoints';

/** Every endpoint of the API, by feature. Add a feature's map here and the router, client and OpenAPI follow. */
export const api = {
  system: systemEndpoints,
  auth: authEndpoints,
  communities: communityEndpoints,
  requests: requestEndpoints,
  messages: messageEndpoints,
  stats: statsEndpoints,
  uploads: uploadEndpoints,
  consultations: consultationEndpoints,
  volunteers: volunteerEndpoints,
  activities: activityEndpoints,
  mall: mallEndpoints,
  patrols: patrolEndpoints,
  mobileGrid: mobileGridEndpoints,
  households: householdEndpoints,
  mediation: mediationEndpoints,
  visits: visitEndpoints,
  units: unitEndpoints,
} as const;

/** All endpoint definitions as a flat list. */
export const allEndpoints = Object.values(api).flatMap((group) => Object.values(group));
