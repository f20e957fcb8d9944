/** Sign-in calls of the auth feature; the token itself is kept by services/http.ts. */
import { setCurrentCommunityId, setDemoOpenid, signInWithCode } from '../services/http'

/**
 * Development sign-in (H5, no wx.login): the local WeChat emulator treats the code as the openid, so
 * sending a demo openid as the code signs in as that account. Remembered for silent re-sign-in on 401.
 */
export async function signInAsDemo(openid: string): Promise<void> {
  await signInWithCode(openid)
  setDemoOpenid(openid)
  // A different person: their communities differ, so forget the previous choice.
  setCurrentCommunityId(null)
}
