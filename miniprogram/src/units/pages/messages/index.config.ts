export default definePageConfig({ navigationBarTitleText: '单位消息', enablePullDownRefresh: true })
