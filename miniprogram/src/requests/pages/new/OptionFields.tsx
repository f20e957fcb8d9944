import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Switch } from '@nutui/nutui-react-taro'
import { URGENCY_LABELS } from '@linli/shared'
import type { DraftForm } from './draft'

/** A switch with what it means under its name. */
export function SwitchRow({ title, hint, checked, className, onChange }: { title: string; hint: ReactNode; checked: boolean; className?: string; onChange: (on: boolean) => void }) {
  return (
    <View className='rnew__row'>
      <View className='rnew__row-text'>
        <Text>{title}</Text>
        <Text className='muted'>{hint}</Text>
      </View>
      <Switch className={className} checked={checked} onChange={onChange} />
    </View>
  )
}

/**
 * 其他: urgency, 匿名, consent to be called, and 代办 for grid workers and staff (`behalfAllowed`). A patrol finding
 * has urgency only: it is the finder's own, in their name, with nobody to call back and nobody to file for. A
 * 流动网格员's report is in their name too, never 代办, and they may agree to be called about it.
 */
export default function OptionFields({ form, behalfAllowed }: { form: DraftForm; behalfAllowed: boolean }) {
  const { values: draft, set } = form
  const finding = !!draft.finding
  // Reported in one's own name: a patrol finding or a 流动网格员's report.
  const own = finding || !!draft.mobileGrid
  return (
    <>
      <Text className='section-title'>其他</Text>
      <View className='card'>
        <View className='rnew__row'>
          <Text>紧急程度</Text>
          <View className='rnew__segs'>
            {(['normal', 'urgent'] as const).map((u) => (
              <Text
                key={u}
                className={`rnew__seg ${draft.urgency === u ? `rnew__seg--on ${u === 'urgent' ? 'rnew__seg--urgent' : ''}` : ''}`}
                onClick={() => set({ urgency: u })}
              >
                {URGENCY_LABELS[u]}
              </Text>
            ))}
          </View>
        </View>
        {!own ? <SwitchRow title='匿名反映' hint='其他居民看不到您的姓名，工作人员仍可联系您' checked={draft.anonymous} onChange={(on) => set({ anonymous: on })} /> : null}
        {!draft.onBehalf && !finding ? (
          <SwitchRow
            title='同意工作人员电话联系我'
            hint={draft.phoneConsent ? '办理人员可看到您登记的电话，一键拨打；其他居民看不到' : '办理人员看不到您的电话，只在小程序里回复您'}
            className='rnew__consent'
            checked={draft.phoneConsent}
            onChange={(on) => set({ phoneConsent: on })}
          />
        ) : null}
        {/* A visit's finding is always 代办 for the visited household: no switch. */}
        {behalfAllowed && !own && !draft.visitId ? (
          <SwitchRow
            title='代办'
            hint='替没有手机的居民反映'
            checked={draft.onBehalf}
            // 代办 starts from the building already chosen.
            onChange={(on) => set({ onBehalf: on, behalf: { ...draft.behalf, buildingId: draft.behalf.buildingId ?? draft.buildingId } })}
          />
        ) : null}
      </View>
    </>
  )
}
