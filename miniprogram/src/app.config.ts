/**
 * App routes. Tab pages stay in the main package (WeChat requires it); everything else lives in
 * subpackages so the main package stays far below the 2 MB limit.
 *
 * The development sign-in page (auth/pages/dev-signin) is built in only when the build runs with
 * TARO_APP_DEV_SIGNIN=1 — we key it on an explicit flag rather than NODE_ENV because the e2e tests and
 * `npm start` use a production (minified) H5 build and still need it. Release builds leave the flag unset.
 */
const devSignIn = process.env.TARO_APP_DEV_SIGNIN === '1'
const weapp = process.env.TARO_ENV === 'weapp'

const subPackages = [
  { root: 'communities', pages: ['pages/join/index'] },
  {
    root: 'staff',
    pages: ['pages/residents/index', 'pages/invite-codes/index', 'pages/members/index', 'pages/member/index', 'pages/settings/index', 'pages/profile/index'],
  },
  {
    root: 'requests',
    pages: ['pages/new/index', 'pages/detail/index', 'pages/queue/index', 'pages/messages/index', 'pages/dashboard/index', 'pages/callbacks/index', 'pages/rankings/index', 'pages/hotspots/index'],
  },
  // 巡查: pages of the requests feature (a finding is a request, filed with requests/pages/new) under their own
  // root, which is part of their URLs.
  { root: 'patrols', pages: ['pages/detail/index', 'pages/records/index'] },
  // 流动网格员: applying (couriers, riders; no membership needed) and staff's review. Their reports are requests.
  { root: 'mobile-grid', pages: ['pages/apply/index', 'pages/review/index'] },
  // 住户名册: staff keep the household register, grid workers read their grids'.
  { root: 'households', pages: ['pages/list/index', 'pages/detail/index', 'pages/import/index'] },
  // 矛盾纠纷调处: the case lists (staff's register, 我调解的, a party's 我的调解), opening a case, the case page.
  { root: 'mediation', pages: ['pages/list/index', 'pages/new/index', 'pages/detail/index'] },
  // 走访 (民情日记): the visit form, one visit, and 走访任务 (flagged households due, open follow-ups).
  { root: 'visits', pages: ['pages/new/index', 'pages/detail/index', 'pages/due/index'] },
  // 单位 (吹哨报到): a unit's 工作台 and one dispatched request, joining a unit with its code, and the street's 单位管理
  // (the list, one unit with its members and join codes, the create/edit form); 单位消息, the unit's inbox.
  {
    root: 'units',
    pages: ['pages/queue/index', 'pages/request/index', 'pages/join/index', 'pages/manage/index', 'pages/unit/index', 'pages/edit/index', 'pages/messages/index'],
  },
  { root: 'consult', pages: ['pages/new/index', 'pages/detail/index'] },
  {
    root: 'volunteer',
    pages: [
      'pages/activity/index',
      'pages/checkin-code/index',
      'pages/roster/index',
      'pages/publish/index',
      'pages/passbook/index',
      'pages/mall/index',
      'pages/codes/index',
      'pages/leaderboard/index',
      'pages/stars/index',
      'pages/certificate/index',
      'pages/review/index',
      'pages/roll/index',
    ],
  },
  { root: 'merchant', pages: ['pages/fulfil/index', 'pages/rewards/index'] },
  { root: 'legal', pages: ['pages/privacy/index', 'pages/terms/index'] },
  ...(devSignIn ? [{ root: 'auth', pages: ['pages/dev-signin/index'] }] : []),
  // weapp only: F2, the chart library, as one file (charts/f2.js, emitted by config/index.ts) that the requests
  // dashboard and the consult results chart load with WeChat's cross-subpackage require.async — a subpackage
  // without pages (see components/f2-module.weapp.ts). H5 bundles F2 the ordinary way.
  ...(weapp ? [{ root: 'charts', pages: [] as string[] }] : []),
]

export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/affairs/index',
    'pages/consult/index',
    'pages/volunteer/index',
    'pages/mine/index',
  ],
  subPackages,
  // Download the charts subpackage as soon as a page that draws a chart opens (the results chart only on Wi-Fi:
  // most topics a resident opens have no results yet).
  ...(weapp
    ? {
        preloadRule: {
          'requests/pages/dashboard/index': { network: 'all', packages: ['charts'] },
          'requests/pages/rankings/index': { network: 'all', packages: ['charts'] },
          'consult/pages/detail/index': { network: 'wifi', packages: ['charts'] },
        },
      }
    : {}),
  // Inject only the components a page renders, not every component of the package, at start-up.
  lazyCodeLoading: 'requiredComponents',
  // Keep every page out of WeChat search (see sitemap.json, copied into the build by config/index.ts).
  sitemapLocation: 'sitemap.json',
  window: {
    backgroundTextStyle: 'dark',
    // Explicit so the H5 build draws its own title bar with a back button, like WeChat does.
    navigationStyle: 'default',
    navigationBarBackgroundColor: '#c8312b',
    navigationBarTitleText: '邻里',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f5f5',
  },
  tabBar: {
    color: '#6b6b6b',
    selectedColor: '#c8312b',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/affairs/index', text: '办事', iconPath: 'assets/tab/affairs.png', selectedIconPath: 'assets/tab/affairs-active.png' },
      { pagePath: 'pages/consult/index', text: '议事', iconPath: 'assets/tab/consult.png', selectedIconPath: 'assets/tab/consult-active.png' },
      { pagePath: 'pages/volunteer/index', text: '志愿', iconPath: 'assets/tab/volunteer.png', selectedIconPath: 'assets/tab/volunteer-active.png' },
      { pagePath: 'pages/mine/index', text: '我的', iconPath: 'assets/tab/mine.png', selectedIconPath: 'assets/tab/mine-active.png' },
    ],
  },
  // Privacy APIs, exactly the ones the app calls (the same list is in the 用户隐私保护指引 of the admin console,
  // the in-app policy legal/pages/privacy and the consent popup components/PrivacyPopup):
  //   手机号   <Button openType='getPhoneNumber'>  communities/pages/join
  //   相册、摄像头 chooseMedia (album, camera)    components/usePhotoUploads.ts
  //   摄像头   scanCode                          volunteer/components/CodeEntry.tsx, units/pages/join
  //   麦克风   getRecorderManager                requests/voice.ts
  //   位置     chooseLocation                    requests/location.ts
  //   剪切板   setClipboardData (write only)     invite codes, receipts, topic links, voice download link
  // WeChat shows our own consent popup before the first call of each (onNeedPrivacyAuthorization,
  // services/privacy.ts); __usePrivacyCheck__ turned that on for base libraries before it became the default.
  __usePrivacyCheck__: true,
  // Location APIs work only when declared here: the filing form marks where a problem is on WeChat's map
  // (chooseLocation). Nothing reads the position itself (no getLocation / getFuzzyLocation).
  requiredPrivateInfos: ['chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于在反映诉求时标注问题所在的位置，方便网格员找到' },
  },
})
