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
const appRoot = path.resolve(__dirname, '..')
const outputRoot = process.env.LINLI_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`

/**
 * The weapp build's JavaScript is ES2017 at most: older phones' engines cannot load `?.`, `??`, object spread,
 * optional catch binding, class fields…, and WeChat's own ES6 compile is off (project.config.json). babel.config.js
 * sets the weapp targets; Taro's Babel rule compiles our source, @linli/shared and the packages whose path contains
 * `taro` (Taro's runtime, NutUI), and leaves the rest of node_modules untouched. The packages below reach the weapp
 * bundle with newer syntax, so they join that rule (Taro's own mechanism, mini.compile.include). F2 is bundled apart
 * (ChartsSubpackagePlugin, below). functions/test/weapp-output.test.ts parses every emitted .js file at ES2017 and
 * fails on anything a new dependency brings.
 */
const modernPackages = ['zod'].map((name) => (file: string) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`))

/**
 * weapp: F2 as ONE file, `charts/f2.js`, in the page-less `charts` subpackage (app.config.ts) that the requests
 * dashboard and the consult results chart both load at run time (src/components/f2-module.weapp.ts explains why).
 * Bundled with esbuild, not webpack, because it must be a self-contained CommonJS module that WeChat's
 * `require.async` can load from another subpackage; target ES2017 like the rest of the weapp output.
 */
const F2_LOADER = path.resolve(appRoot, 'src', 'components', 'f2-module.weapp.ts')
let f2Bundle: Promise<string> | null = null
class ChartsSubpackagePlugin {
  apply(compiler: any) {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('ChartsSubpackagePlugin', (compilation: any) => {
      compilation.hooks.processAssets.tapPromise({ name: 'ChartsSubpackagePlugin', stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, async () => {
        f2Bundle ??= (async () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const esbuild = require('esbuild') as typeof import('esbuild')
          const r = await esbuild.build({
            stdin: { contents: "export * from '@antv/f2'", resolveDir: appRoot, sourcefile: 'charts/f2.js' },
            bundle: true,
            format: 'cjs',
            platform: 'browser',
            target: 'es2017',
            minify: true,
            legalComments: 'none',
            define: { 'process.env.NODE_ENV': '"production"' },
            write: false,
            logLevel: 'warning',
          })
          const out = r.outputFiles?.[0]
          if (!out) throw new Error('esbuild produced no charts/f2.js')
          return out.text
        })()
        compilation.emitAsset('charts/f2.js', new sources.RawSource(await f2Bundle))
      })
    })
  }
}

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
    outputRoot,
    plugins: [],
    defineConstants: {},
    env: {
      TARO_APP_API_BASE: JSON.stringify(API_BASE),
      TARO_APP_DEV_SIGNIN: JSON.stringify(DEV_SIGNIN),
    },
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    // WeChat's sitemap (which pages its search may index), weapp only: see src/sitemap.json.
    copy: {
      patterns: process.env.TARO_ENV === 'weapp' ? [{ from: 'src/sitemap.json', to: path.resolve(appRoot, outputRoot, 'sitemap.json') }] : [],
      options: {},
    },
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
      compile: { include: [sharedSrc, ...modernPackages] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      // Modules only used by subpackages go into those subpackages, keeping the main package small. The F2 loader
      // stays in the main package: its `require.async('./charts/f2.js')` path is relative to a file at the root.
      optimizeMainPackage: { enable: true, exclude: [F2_LOADER] },
      webpackChain(chain) {
        chain.plugin('linliChartsSubpackage').use(ChartsSubpackagePlugin)
      },
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
