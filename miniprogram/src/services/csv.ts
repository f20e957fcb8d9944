/**
 * Downloading a CSV an endpoint answers (the leaders' exports): H5 saves it as a file; weapp downloads it with the
 * caller's headers and opens it (or offers to send it to a chat, where a phone cannot preview CSV).
 */
import Taro from '@tarojs/taro'
import type { Endpoint } from '@linli/shared'
import { ApiError, authorizedHeaders, endpointUrl, getText } from './http'
import { IS_WEAPP } from './config'

export async function downloadCsv<E extends Endpoint>(endpoint: E, query: Record<string, string>, name: string): Promise<void> {
  if (!IS_WEAPP) {
    const text = await getText(endpoint, query)
    const blob = new Blob([text], { type: 'text/csv;charset=utf-8' })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return
  }
  const res = await Taro.downloadFile({ url: endpointUrl(endpoint, query), header: await authorizedHeaders() })
  if (res.statusCode !== 200) throw new ApiError('INTERNAL', '导出失败，请稍后再试', res.statusCode)
  try {
    await Taro.openDocument({ filePath: res.tempFilePath, showMenu: true })
  } catch {
    // Some WeChat versions cannot preview CSV: sending it to a chat still gets it to a computer.
    await Taro.shareFileMessage({ filePath: res.tempFilePath, fileName: name })
  }
}
