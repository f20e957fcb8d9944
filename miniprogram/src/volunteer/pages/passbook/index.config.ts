export default definePageConfig({ navigationBarTitleText: '积分存折', enablePullDownRefresh: true })
