import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'

/**
 * Build-time settings come from the shell environment (not .env files): Taro only forwards TARO_APP_*
 * values it finds in .env files, so we forward the shell's here through `env` (DefinePlugin), which is
 * what the code reads as `process.env.TARO_APP_*`. A .env file with the same key would still win,
 * because Taro merges .env values over `env` — we keep none in the repo.
 */
const API_BASE = process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000'
/** '1' turns on the development sign-in page (see src/app.config.ts). */
const DEV_SIGNIN = process.env.TARO_APP_DEV_SIGNIN === '1' ? '1' : '0'

// @linli/shared is TypeScript source reached through a workspace symlink; Babel must compile it too.
const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src')

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'linli',
    date: '2026-11-21',
    // One design width for everything, NutUI's own (375): we write CSS in 375-wide px too.
    designWidth: 375,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // LINLI_OUTPUT_ROOT lets concurrent stacks (e2e runs, npm start) build into their own folders instead
    // of cleaning each other's dist/h5 mid-run.
    outputRoot: process.env.LINLI_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    env: {
      TARO_APP_API_BASE: JSON.stringify(API_BASE),
      TARO_APP_DEV_SIGNIN: JSON.stringify(DEV_SIGNIN),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // NutUI's prebundled chunk references a .wxss file the weapp runtime cannot load
      // (NervJS/taro#14003, jdf2e/nutui-react#1316): keep it out of the prebundle. Prebundling itself stays
      // Taro's default (watch/development builds only); Taro concatenates this list with its own excludes.
      prebundle: { exclude: ['@nutui/nutui-react-taro', '@nutui/icons-react-taro'] },
    },
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      // Modules only used by subpackages go into those subpackages, keeping the main package small.
      optimizeMainPackage: { enable: true },
      // NutUI's per-component CSS is imported in different orders by different pages; the rules don't
      // overlap, so the order warning is noise.
      miniCssExtractPluginOption: { ignoreOrder: true },
    },
    h5: {
      compile: { include: [sharedSrc] },
      // Served as static files at the site root by the project's static server.
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  }
  return config
})
