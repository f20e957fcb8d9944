/** Build-time settings (see config/index.ts for where they come from). */
export const API_BASE: string = (process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000').replace(/\/+$/, '')

/** True when this build contains the development sign-in page (TARO_APP_DEV_SIGNIN=1). */
export const DEV_SIGNIN_ENABLED: boolean = process.env.TARO_APP_DEV_SIGNIN === '1'

/** True on the WeChat mini-program, where wx.login gives a real sign-in code. */
export const IS_WEAPP: boolean = process.env.TARO_ENV === 'weapp'

export const DEV_SIGNIN_PAGE = '/auth/pages/dev-signin/index'
