import type { PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { watchForUpdates } from './services/update'
import { listenForPrivacyRequests } from './services/privacy'
import { watchNetwork } from './requests/drafts'
import './app.css'

// Web-only fixes; DefinePlugin turns the test into a constant, so weapp builds drop the import.
if (process.env.TARO_ENV === 'h5') require('./app.h5.css')

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // weapp only (both are no-ops on H5): apply new versions as soon as WeChat has them,
    // and answer WeChat's privacy checks with our own popup.
    watchForUpdates()
    listenForPrivacyRequests()
    // Requests written without a network go out by themselves when it returns (requests/drafts.ts).
    watchNetwork()
  })
  return children
}

export default App
