import { authEndpoints } from './auth/auth.endpoints';
import { communityEndpoints } from './communities/community.endpoints';
import { requestEndpoints } from './requests/request.endpoints';
import { consultationEndpoints } from './consultations/consultation.endpoints';
import { activityEndpoints, mallEndpoints, volunteerEndpoints } from './volunteers/volunteer.endpoints';
import { messageEndpoints } from './messages/message.schema';
import { statsEndpoints } from './requests/stats.schema';
import { uploadEndpoints } from './requests/uploads.schema';
import { systemEndpoints } from './system/system.endpoints';

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
} as const;

/** All endpoint definitions as a flat list. */
export const allEndpoints = Object.values(api).flatMap((group) => Object.values(group));
