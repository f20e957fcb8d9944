import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useLargeText } from '../services/preferences'
import PrivacyPopup from './PrivacyPopup'
import './PageShell.css'

/**
 * Every page's root. It carries the large-text class, so one switch on 我的 enlarges text on every
 * page through the CSS variables in app.css, and hosts the privacy popup WeChat may ask for.
 */
export default function PageShell({ children, className = '' }: { children: ReactNode; className?: string }) {
  const large = useLargeText()
  return (
    <View className={`page ${large ? 'page--large' : ''} ${className}`}>
      {children}
      <PrivacyPopup />
    </View>
  )
}
