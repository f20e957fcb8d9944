export default definePageConfig({ navigationBarTitleText: '兑换核销', enablePullDownRefresh: true })
