/**
 * The HTTP pipeline (lib/http.ts) bound to this product's identity: who the caller is (a user of the auth
 * feature) and where they act (the communities feature's context, with their roles there). Features import
 * `route` and `apiHandler` from here; lib/ itself imports no feature (scripts/deps/dependencies.test.ts).
 */
import { createApi } from './lib/http';
import { UserModel, type UserDoc } from './auth/user.model';
import { resolveCommunity, type CommunityContext } from './communities/community-context';

export const { route, apiHandler } = createApi<UserDoc, CommunityContext>({
  loadUser: (id) => UserModel.findById(id),
  resolveCommunity,
});
