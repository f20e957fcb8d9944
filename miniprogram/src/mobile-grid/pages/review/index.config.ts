export default definePageConfig({ navigationBarTitleText: '流动网格员审核', enablePullDownRefresh: true })
