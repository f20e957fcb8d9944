export default definePageConfig({ navigationBarTitleText: '走访任务', enablePullDownRefresh: true })
