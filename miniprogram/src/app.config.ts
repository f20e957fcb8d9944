/**
 * App routes. Tab pages stay in the main package (WeChat requires it); everything else lives in
 * subpackages so the main package stays far below the 2 MB limit.
 *
 * The development sign-in page (auth/pages/dev-signin) is built in only when the build runs with
 * TARO_APP_DEV_SIGNIN=1 — we key it on an explicit flag rather than NODE_ENV because the e2e tests and
 * `npm start` use a production (minified) H5 build and still need it. Release builds leave the flag unset.
 */
const devSignIn = process.env.TARO_APP_DEV_SIGNIN === '1'

const subPackages = [
  { root: 'communities', pages: ['pages/join/index'] },
  {
    root: 'staff',
    pages: ['pages/residents/index', 'pages/invite-codes/index', 'pages/members/index', 'pages/member/index', 'pages/settings/index', 'pages/profile/index'],
  },
  {
    root: 'requests',
    pages: ['pages/new/index', 'pages/detail/index', 'pages/queue/index', 'pages/messages/index', 'pages/dashboard/index'],
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
  // Phone number, photos and location are privacy APIs: WeChat asks us to show our own consent popup
  // through onNeedPrivacyAuthorization (see services/privacy.ts).
  __usePrivacyCheck__: true,
  // Location APIs work only when declared here (and in the 用户隐私保护指引 of the admin console): the filing
  // form marks where a problem is on WeChat's map (requests/location.ts). Nothing reads the position itself.
  requiredPrivateInfos: ['chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于在反映诉求时标注问题所在的位置，方便网格员找到' },
  },
})
