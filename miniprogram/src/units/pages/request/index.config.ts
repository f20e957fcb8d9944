export default definePageConfig({ navigationBarTitleText: '派发诉求', enablePullDownRefresh: true })
