// One jest run, three projects; `npm test` runs them all and ends with jest's summary and our plain line.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj)sx?$': swc },
  // jose and middy ship ES modules only; jest runs CommonJS, so they are transformed too.
  transformIgnorePatterns: ['/node_modules/(?!(jose|@middy)/)'],
  moduleNameMapper: { '^@linli/shared$': '<rootDir>/shared/src/index.ts' },
};
module.exports = {
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/shared/src/**/*.test.ts', '<rootDir>/functions/src/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts'] },
    {
      // The mini-program's core (services/, components/): plain functions, and hooks rendered with
      // react-test-renderer. Taro's page lifecycle is stood in for by a recorder the tests fire by hand.
      ...common,
      displayName: 'mini',
      testMatch: ['<rootDir>/miniprogram/test/**/*.test.ts?(x)'],
      setupFilesAfterEnv: ['<rootDir>/miniprogram/test/setup.ts'],
      transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' }, module: { type: 'commonjs' } }] },
      moduleNameMapper: {
        ...common.moduleNameMapper,
        '^@tarojs/taro$': '<rootDir>/miniprogram/test/taro-lifecycle.ts',
        '^@tarojs/components$': '<rootDir>/miniprogram/test/taro-components.ts',
        '^@nutui/nutui-react-taro$': '<rootDir>/miniprogram/test/taro-components.ts',
        '\\.css$': '<rootDir>/miniprogram/test/empty.ts',
      },
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/functions/test/**/*.test.ts'],
      globalSetup: '<rootDir>/functions/test/helpers/global-setup.cjs',
      globalTeardown: '<rootDir>/functions/test/helpers/global-teardown.cjs',
      setupFilesAfterEnv: ['<rootDir>/functions/test/helpers/per-file.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
      globalSetup: '<rootDir>/e2e/global-setup.cjs',
      globalTeardown: '<rootDir>/e2e/global-teardown.cjs',
    },
  ],
};
