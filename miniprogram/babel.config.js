// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config

/**
 * The weapp build targets engines with ES2017 and nothing newer: `?.`, `??`, object rest/spread, optional catch
 * binding, class fields, async generators and newer regular-expression syntax are compiled to ES2017. These are the
 * first versions with all of ES2017 (async functions included) but without ES2018: older phones' JavaScript engines
 * (iOS's own JavaScriptCore, older Android WebView/V8) refuse to load newer syntax, and WeChat's own ES6 compile is
 * off (project.config.json). The H5 build keeps package.json's browserslist. functions/test/weapp-output.test.ts
 * checks the output.
 */
const WEAPP_TARGETS = { chrome: '58', ios: '11' }

module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        ...(process.env.TARO_ENV === 'weapp' ? { targets: WEAPP_TARGETS } : {}),
      },
    ],
  ],
  plugins: [
    // NutUI on demand: each imported component brings only its own JS and compiled CSS,
    // instead of the full dist/style.css (~300 KB of wxss per page).
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        libraryDirectory: 'dist/es/packages',
        style: 'css',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
      },
      'nutui-react-taro',
    ],
  ],
}
