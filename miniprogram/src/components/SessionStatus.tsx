import { ErrorState, Loading } from './StateView'
import SignInPrompt from './SignInPrompt'
import { isSignedOut, refreshSession, type SessionState } from '../services/session'

/**
 * What a tab page shows while the session is not ready: loading, the sign-in card when signed out, or the error with
 * a retry. Nothing once the session is ready (the page then shows its own content, or its join prompt).
 */
export default function SessionStatus({ session }: { session: SessionState }) {
  const signedOut = isSignedOut(session)
  if (session.status === 'loading') return <Loading />
  if (signedOut) return <SignInPrompt />
  if (session.status === 'error') return <ErrorState message={session.error?.message ?? '加载失败'} onRetry={() => void refreshSession()} />
  return null
}
