export default definePageConfig({ navigationBarTitleText: '志愿', enablePullDownRefresh: true })
