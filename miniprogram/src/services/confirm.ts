import Taro from '@tarojs/taro'

/** The red of an irreversible confirm button (移出, 撤销, 退出), as the app's --color-danger. */
const DANGER = '#d4380d'

/**
 * Asks before a change that is hard to take back (授予角色, 移出社区, 退出登录): WeChat's own modal, whose buttons
 * elderly users know. Resolves true when confirmed.
 */
export async function confirmed(title: string, content: string, { confirmText = '确定', danger = false }: { confirmText?: string; danger?: boolean } = {}): Promise<boolean> {
  const res = await Taro.showModal({ title, content, confirmText, ...(danger ? { confirmColor: DANGER } : {}) })
  return res.confirm
}
