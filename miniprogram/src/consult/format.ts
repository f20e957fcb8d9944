/** Display helpers of the consultations feature (议事协商). Times are Asia/Shanghai, like the requests feature. */
import { CONSULTATION_STATUS_LABELS, type ConsultationStatus } from '@linli/shared'
import { shanghaiParts } from '../services/format'

export const consultationStatusLabel = (s: ConsultationStatus) => CONSULTATION_STATUS_LABELS[s]

/** NutUI Tag type for a status: stages that need people stand out, finished ones fade. */
export function consultationTagType(status: ConsultationStatus): 'primary' | 'success' | 'warning' | 'danger' | 'default' {
  switch (status) {
    case 'collecting':
    case 'voting':
      return 'primary'
    case 'proposed':
    case 'review':
    case 'discussion':
      return 'warning'
    case 'decided':
    case 'implementing':
    case 'done':
      return 'success'
    case 'rejected':
      return 'danger'
    default:
      return 'default'
  }
}

/** Stages whose page shows the 附议 card: a resident's proposal until it is reviewed, or when it lapsed. */
export const SUPPORT_CARD_STATUSES: readonly ConsultationStatus[] = ['proposed', 'collecting', 'review', 'lapsed']

/** Stages whose page shows how the decision is carried out (落实情况), even before the first update. */
export const FOLLOW_UP_STATUSES: readonly ConsultationStatus[] = ['decided', 'implementing', 'done']

/** Default end of a vote: seven days from now at 20:00, when people are home. */
export function defaultVotingEnd(): { date: string; time: string } {
  return { date: shanghaiParts(new Date(Date.now() + 7 * 86_400_000)).date, time: '20:00' }
}

/** The route of a topic's page, which a WeChat share opens (with an empty page stack). */
export const topicPath = (id: string) => `/consult/pages/detail/index?id=${encodeURIComponent(id)}`

/**
 * H5: a link to a topic that opens it with a full load, as a shared link should (an empty page stack, the app
 * started afresh). The query of its own makes the URL differ from the page it was copied on: with the hash alone
 * changed, a browser would only route inside the running app.
 */
export function topicLink(id: string): string {
  const { origin, pathname } = window.location
  return `${origin}${pathname}?topic=${encodeURIComponent(id)}#${topicPath(id)}`
}

/** The label of one of a topic's options (a receipt names options by id). */
export const optionLabel = (c: { options: readonly { id: string; label: string }[] }, optionId: string) =>
  c.options.find((o) => o.id === optionId)?.label ?? '未知选项'

/** A ballot's unit in words: per household the counts are of households. */
export const voterUnit = (c: { voteRule: string }) => (c.voteRule === 'per_household' ? '户' : '人')
