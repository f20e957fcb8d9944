import Taro from '@tarojs/taro'
import { IS_WEAPP } from './config'

let watching = false

/**
 * On weapp, let WeChat download a newer version and offer to restart into it. Called at launch and
 * when the server answers 426 (our version is too old to be served).
 */
export function watchForUpdates(): void {
  if (!IS_WEAPP || watching || typeof Taro.getUpdateManager !== 'function') return
  watching = true
  const manager = Taro.getUpdateManager()
  manager.onUpdateReady(() => {
    void Taro.showModal({
      title: '更新提示',
      content: '新版本已经准备好，是否重启小程序？',
      showCancel: false,
      confirmText: '立即重启',
    }).then(() => manager.applyUpdate())
  })
  manager.onUpdateFailed(() => {
    void Taro.showModal({
      title: '更新失败',
      content: '新版本下载失败，请删除小程序后重新搜索打开',
      showCancel: false,
    })
  })
}
