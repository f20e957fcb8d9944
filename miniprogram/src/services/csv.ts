/**
 * Saving a CSV (the leaders' exports): H5 saves it as a file; weapp opens it (or offers to send it to a chat, where a
 * phone cannot preview CSV). `downloadCsv` fetches what an endpoint answers, with the caller's headers;
 * `saveCsvText` saves a CSV the app built itself.
 */
import Taro from '@tarojs/taro'
import type { Endpoint } from '@linli/shared'
import { ApiError, authorizedHeaders, endpointUrl, getText } from './http'
import { IS_WEAPP } from './config'

/** H5: hands the text to the browser as a file download. */
function saveInBrowser(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** weapp: opens a file of the app's, or sends it to a chat where this WeChat cannot preview CSV. */
async function openOrShare(filePath: string, name: string) {
  try {
    await Taro.openDocument({ filePath, showMenu: true })
  } catch {
    // Sending it to a chat still gets it to a computer.
    await Taro.shareFileMessage({ filePath, fileName: name })
  }
}

export async function downloadCsv<E extends Endpoint>(endpoint: E, query: Record<string, string>, name: string): Promise<void> {
  if (!IS_WEAPP) return saveInBrowser(await getText(endpoint, query), name)
  const res = await Taro.downloadFile({ url: endpointUrl(endpoint, query), header: await authorizedHeaders() })
  if (res.statusCode !== 200) throw new ApiError('INTERNAL', '导出失败，请稍后再试', res.statusCode)
  await openOrShare(res.tempFilePath, name)
}

/** Saves CSV text built in the app (callers add the BOM Excel needs for Chinese). */
export async function saveCsvText(text: string, name: string): Promise<void> {
  if (!IS_WEAPP) return saveInBrowser(text, name)
  const filePath = `${Taro.env.USER_DATA_PATH}/${name}`
  Taro.getFileSystemManager().writeFileSync(filePath, text, 'utf8')
  await openOrShare(filePath, name)
}
