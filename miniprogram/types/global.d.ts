/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.css'

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production'
    TARO_ENV: 'weapp' | 'h5'
    /** API origin, e.g. http://127.0.0.1:3000 (see config/index.ts). */
    TARO_APP_API_BASE: string
    /** '1' when the development sign-in page is built in. */
    TARO_APP_DEV_SIGNIN: '0' | '1'
  }
}
