export default definePageConfig({ navigationBarTitleText: '星级名册', enablePullDownRefresh: true })
