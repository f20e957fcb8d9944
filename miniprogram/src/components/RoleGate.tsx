import type { ReactNode } from 'react'
import PageShell from './PageShell'
import SessionStatus from './SessionStatus'
import { Empty } from './StateView'
import type { SessionState } from '../services/session'

interface RoleGateProps {
  session: SessionState
  /** Whether the current member may use this page (decided by the page from `currentRoles`). */
  allowed: boolean
  className?: string
  /** What someone else reads instead: which people the page is for, and why. */
  title: string
  description?: string
  children: ReactNode
}

/**
 * A page for some roles only. Until the session is ready it shows the session's state (loading, sign-in, error);
 * then, to someone without the role, a plain explanation instead of a form they would fill in only to be refused by
 * the server (which decides anyway). Pages call their hooks first and return this last.
 */
export default function RoleGate({ session, allowed, className, title, description, children }: RoleGateProps) {
  if (session.status !== 'ready') return <PageShell className={className}><SessionStatus session={session} /></PageShell>
  if (!allowed) return <PageShell className={className}><Empty title={title} description={description} /></PageShell>
  return <>{children}</>
}
